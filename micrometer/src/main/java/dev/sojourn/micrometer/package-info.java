/**
 * {@link dev.sojourn.micrometer.SojournMetrics}: Sojourn's sessions and store as Micrometer meters.
 */
@NullMarked
package dev.sojourn.micrometer;

import org.jspecify.annotations.NullMarked;
