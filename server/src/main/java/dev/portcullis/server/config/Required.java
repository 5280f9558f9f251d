package dev.portcullis.server.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component whose key must be present in the configuration, with a value. Keys of
 * components without it may be left out; they bind to {@code null} (or zero/false for primitives)
 * and the record's compact constructor supplies the default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {}
