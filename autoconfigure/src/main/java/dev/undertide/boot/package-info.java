/**
 * Undertide as a Spring Boot web server: the {@link org.springframework.boot.web.server.WebServer}, the
 * factory base class and the customisation hooks.
 */
@NullMarked
package dev.undertide.boot;

import org.jspecify.annotations.NullMarked;
