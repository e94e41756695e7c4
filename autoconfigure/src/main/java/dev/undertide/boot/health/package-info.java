/**
 * The web server's health: an actuator health indicator, and readiness that follows saturation.
 */
@NullMarked
package dev.undertide.boot.health;

import org.jspecify.annotations.NullMarked;
