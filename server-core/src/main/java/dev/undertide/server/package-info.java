/**
 * The engine on undertow-core: listeners, the worker model and the server lifecycle. Knows nothing of
 * Spring Boot.
 */
@NullMarked
package dev.undertide.server;

import org.jspecify.annotations.NullMarked;
