/**
 * Spring's reactive {@code HttpHandler} on undertow-core, with no servlet in the path: request bodies
 * read from the socket only on demand, response bodies written at the publisher's pace.
 */
@NullMarked
package dev.undertide.reactive;

import org.jspecify.annotations.NullMarked;
