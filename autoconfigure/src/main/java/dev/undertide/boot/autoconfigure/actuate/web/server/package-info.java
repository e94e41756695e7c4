/**
 * Actuator endpoints on a separate management port, served by Undertide.
 */
@NullMarked
package dev.undertide.boot.autoconfigure.actuate.web.server;

import org.jspecify.annotations.NullMarked;
