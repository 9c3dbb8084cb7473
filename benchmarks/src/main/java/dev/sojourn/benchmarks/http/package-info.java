/**
 * The end-to-end HTTP benchmark (issue 12, items 6 and 7): one servlet ({@link
 * dev.sojourn.benchmarks.http.CounterServlet}) on embedded Jetty 12 that increments a counter in
 * its session, served without sessions, with Jetty's own, with Spring Session and with Sojourn, in
 * memory and on Redis ({@link dev.sojourn.benchmarks.http.SessionLayer}). {@link
 * dev.sojourn.benchmarks.http.HttpServe} starts one of them; {@code benchmarks/http/run.sh} drives
 * it with {@code wrk}. See {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.sojourn.benchmarks.http;

import org.jspecify.annotations.NullMarked;
