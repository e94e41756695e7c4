/**
 * Request path decoding and normalization, URL pattern validation and the servlet
 * mapping rules of the Servlet specification.
 */
@NullMarked
package dev.undertide.servlet.mapping;

import org.jspecify.annotations.NullMarked;
