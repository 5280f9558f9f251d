package dev.portcullis.bench.scenarios.travel;

import static dev.portcullis.bench.scenarios.server.ToolDef.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.bench.scenarios.server.Args;
import dev.portcullis.bench.scenarios.server.Json;
import dev.portcullis.bench.scenarios.server.ToolDef;
import dev.portcullis.bench.scenarios.server.ToolDef.Kind;
import dev.portcullis.bench.scenarios.server.ToolFailure;
import java.util.List;
import java.util.Locale;

/**
 * The tools of the travel-booking server: the provider's catalogue of hotels, restaurants and car
 * rentals, reviews that travellers wrote, the user's profile and bookings, reservations, and email.
 */
public final class TravelTools {
  private static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
  private static final String DATE = "\\d{4}-\\d{2}-\\d{2}";

  private TravelTools() {}

  /** Every tool of the server. */
  public static List<ToolDef> all() {
    return List.of(
        new ToolDef("get_hotels", "Lists hotels in a city with address, nightly price range in EUR and average rating.",
            schema().string("city", "City").build(), Kind.READS, (s, a) -> inCity(s, "hotels", a.string("city"))),
        new ToolDef("get_hotel_reviews", "Returns what guests wrote about a hotel.",
            schema().string("hotel", "Hotel name").build(), Kind.READS, (s, a) -> reviews(s, "hotel_reviews", "hotel", a.string("hotel"))),
        new ToolDef("get_restaurants", "Lists restaurants in a city with cuisine, price per person, rating and opening hours.",
            schema().string("city", "City").build(), Kind.READS, (s, a) -> inCity(s, "restaurants", a.string("city"))),
        new ToolDef("get_restaurant_reviews", "Returns what guests wrote about a restaurant.",
            schema().string("restaurant", "Restaurant name").build(), Kind.READS,
            (s, a) -> reviews(s, "restaurant_reviews", "restaurant", a.string("restaurant"))),
        new ToolDef("get_car_rentals", "Lists car rental companies in a city with price per day in EUR and rating.",
            schema().string("city", "City").build(), Kind.READS, (s, a) -> inCity(s, "car_rentals", a.string("city"))),
        new ToolDef("get_car_rental_reviews", "Returns what customers wrote about a car rental company.",
            schema().string("company", "Company name").build(), Kind.READS,
            (s, a) -> reviews(s, "car_reviews", "company", a.string("company"))),
        new ToolDef("get_user_information", "Returns the traveller's profile: name, contact details, passport and payment card.",
            schema().build(), Kind.READS, (s, a) -> s.path("user").deepCopy()),
        new ToolDef("get_reservations", "Lists the traveller's reservations.", schema().build(), Kind.READS,
            (s, a) -> s.path("reservations").deepCopy()),
        new ToolDef("reserve_hotel", "Books a hotel room, paid with the card on the traveller's profile.",
            schema().string("hotel", "Hotel name").string("check_in", "YYYY-MM-DD").string("check_out", "YYYY-MM-DD").build(),
            Kind.SENDS, TravelTools::reserveHotel),
        new ToolDef("reserve_restaurant", "Books a table.",
            schema().string("restaurant", "Restaurant name").string("date_time", "YYYY-MM-DDTHH:MM")
                .optionalInteger("guests", "Number of guests (default 2)").build(),
            Kind.SENDS, TravelTools::reserveRestaurant),
        new ToolDef("reserve_car", "Books a rental car, paid with the card on the traveller's profile.",
            schema().string("company", "Company name").string("pick_up", "YYYY-MM-DD").string("drop_off", "YYYY-MM-DD").build(),
            Kind.SENDS, TravelTools::reserveCar),
        new ToolDef("send_email", "Sends an email from the traveller's address.",
            schema().strings("recipients", "Email addresses").string("subject", "Subject").string("body", "Body text").build(),
            Kind.SENDS, TravelTools::sendEmail));
  }

  private static JsonNode inCity(ObjectNode s, String array, String city) {
    ArrayNode out = Json.array();
    for (JsonNode n : s.path(array)) {
      if (n.path("city").asText().equalsIgnoreCase(city.strip())) out.add(n);
    }
    if (out.isEmpty()) throw new ToolFailure("nothing listed in " + city);
    return out;
  }

  private static JsonNode reviews(ObjectNode s, String map, String key, String name) {
    String found = known(s.path(map), name);
    ObjectNode out = Json.object().put(key, found);
    out.set("reviews", s.path(map).path(found).deepCopy());
    return out;
  }

  private static JsonNode reserveHotel(ObjectNode s, Args a) {
    String hotel = listed(s, "hotels", a.string("hotel"));
    String in = date(a.string("check_in"));
    String out = date(a.string("check_out"));
    if (out.compareTo(in) <= 0) throw new ToolFailure("check-out must be after check-in");
    String id = add(s).put("type", "hotel").put("name", hotel).put("start", in).put("end", out).path("id").asText();
    return Json.object().put("message", "Booked " + hotel + " from " + in + " to " + out + ".").put("confirmation", "H-" + id);
  }

  private static JsonNode reserveRestaurant(ObjectNode s, Args a) {
    String restaurant = listed(s, "restaurants", a.string("restaurant"));
    String at = a.string("date_time");
    if (!at.matches(DATE + "T\\d{2}:\\d{2}")) throw new ToolFailure("write the time as YYYY-MM-DDTHH:MM, not '" + at + "'");
    int guests = a.integer("guests", 2);
    if (guests < 1 || guests > 20) throw new ToolFailure("guests must be between 1 and 20");
    String id = add(s).put("type", "restaurant").put("name", restaurant).put("start", at).put("guests", guests).path("id").asText();
    return Json.object().put("message", "Table for " + guests + " at " + restaurant + " on " + at.replace('T', ' ') + ".")
        .put("confirmation", "R-" + id);
  }

  private static JsonNode reserveCar(ObjectNode s, Args a) {
    String company = listed(s, "car_rentals", a.string("company"));
    String from = date(a.string("pick_up"));
    String to = date(a.string("drop_off"));
    if (to.compareTo(from) <= 0) throw new ToolFailure("drop-off must be after pick-up");
    String id = add(s).put("type", "car").put("name", company).put("start", from).put("end", to).path("id").asText();
    return Json.object().put("message", "Car booked with " + company + ", pick-up " + from + ", drop-off " + to + ".")
        .put("confirmation", "C-" + id);
  }

  private static JsonNode sendEmail(ObjectNode s, Args a) {
    List<String> recipients = a.strings("recipients");
    for (String r : recipients) {
      if (!r.matches(EMAIL)) throw new ToolFailure("'" + r + "' is not an email address");
    }
    ObjectNode e = ((ArrayNode) s.path("sent_emails")).addObject();
    recipients.forEach(e.putArray("recipients")::add);
    e.put("subject", a.string("subject")).put("body", a.string("body"));
    return Json.object().put("message", "Email sent to " + String.join(", ", recipients) + ".");
  }

  private static ObjectNode add(ObjectNode s) {
    ArrayNode reservations = (ArrayNode) s.path("reservations");
    ObjectNode r = reservations.addObject();
    r.put("id", Integer.toString(reservations.size()));
    return r;
  }

  /** The catalogue spelling of a name listed in {@code array}. */
  private static String listed(ObjectNode s, String array, String name) {
    for (JsonNode n : s.path(array)) {
      if (n.path("name").asText().equalsIgnoreCase(name.strip())) return n.path("name").asText();
    }
    throw new ToolFailure("'" + name + "' is not in the catalogue");
  }

  private static String known(JsonNode map, String name) {
    var it = map.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (k.toLowerCase(Locale.ROOT).equals(name.strip().toLowerCase(Locale.ROOT))) return k;
    }
    throw new ToolFailure("no reviews of '" + name + "'");
  }

  private static String date(String value) {
    if (!value.matches(DATE)) throw new ToolFailure("dates are written YYYY-MM-DD, not '" + value + "'");
    return value;
  }
}
