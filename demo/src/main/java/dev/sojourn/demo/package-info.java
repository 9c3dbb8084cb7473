/** The demo application: a command-line entry point with the seed replay and the web server. */
@NullMarked
package dev.sojourn.demo;

import org.jspecify.annotations.NullMarked;
