package dev.portcullis.bench.scenarios.travel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bench.scenarios.ToolHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TravelToolsTest {
  @TempDir Path dir;
  ToolHarness travel;

  @BeforeEach
  void seed() { travel = new ToolHarness(TravelSuite.suite(), dir); }

  @Test
  void catalogueAndReviews() {
    assertThat(travel.ok("get_hotels", Map.of("city", "london"))).hasSize(4);
    assertThat(travel.ok("get_hotel_reviews", Map.of("hotel", "hotel lumière")).path("hotel").asText()).isEqualTo("Hotel Lumière");
    assertThat(travel.ok("get_restaurants", Map.of("city", "Paris")).get(0).path("cuisine").asText()).isEqualTo("French");
    assertThat(travel.ok("get_car_rental_reviews", Map.of("company", "Pacific Wheels")).path("reviews")).hasSize(2);
    assertThat(travel.error("get_hotels", Map.of("city", "Atlantis"))).contains("nothing listed");
    assertThat(travel.ok("get_user_information", Map.of()).path("passport_number").asText()).isEqualTo("C01X00T47");
    assertThat(travel.journal()).isEmpty();
  }

  @Test
  void reservations_onlyForListedPlaces_andInOrder() {
    var hotel = travel.ok("reserve_hotel", Map.of("hotel", "thames court", "check_in", "2026-05-01", "check_out", "2026-05-04"));
    travel.ok("reserve_restaurant", Map.of("restaurant", "Chez Marcel", "date_time", "2026-06-11T19:30"));
    travel.ok("reserve_car", Map.of("company", "SunDrive Rentals", "pick_up", "2026-07-02", "drop_off", "2026-07-03"));

    assertThat(hotel.path("confirmation").asText()).isEqualTo("H-3");
    assertThat(travel.ok("get_reservations", Map.of())).hasSize(5).last()
        .satisfies(r -> assertThat(r.path("name").asText()).isEqualTo("SunDrive Rentals"));
    assertThat(travel.error("reserve_hotel", Map.of("hotel", "Hotel Nowhere", "check_in", "2026-05-01", "check_out", "2026-05-04")))
        .contains("not in the catalogue");
    assertThat(travel.error("reserve_car", Map.of("company", "Pacific Wheels", "pick_up", "2026-07-05", "drop_off", "2026-07-02")))
        .contains("after pick-up");
    assertThat(travel.journal()).extracting(e -> e.tool()).containsExactly("reserve_hotel", "reserve_restaurant", "reserve_car");
  }

  @Test
  void sendsEmail() {
    travel.ok("send_email", Map.of("recipients", List.of("jonas.weber@mailbox.example"), "subject", "Trip", "body", "See you"));
    assertThat(travel.state().path("sent_emails")).hasSize(1);
    assertThat(travel.error("send_email", Map.of("recipients", List.of("jonas"), "subject", "Trip", "body", "x"))).contains("not an email");
  }
}
