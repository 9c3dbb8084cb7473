/**
 * Micrometer meters for Sojourn: a {@code MeterBinder} that is also the session manager's metrics
 * observer. Needs only core and micrometer-core; Spring Boot's starter wires it when both are
 * present.
 */
module dev.sojourn.micrometer {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires transitive micrometer.core;

  exports dev.sojourn.micrometer;
}
