/**
 * The web server's health, as an actuator health indicator.
 */
@NullMarked
package dev.undertide.boot.health;

import org.jspecify.annotations.NullMarked;
