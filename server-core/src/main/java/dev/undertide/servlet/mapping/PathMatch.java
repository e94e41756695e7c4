package dev.undertide.servlet.mapping;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

/**
 * The result of mapping a context-relative request path to a target.
 *
 * <p>{@code matchValue} and {@code pattern} carry the values that
 * {@link HttpServletMapping#getMatchValue()} and {@link HttpServletMapping#getPattern()}
 * report for the request.
 *
 * @param target the target mapped to the matching pattern
 * @param servletPath the servlet path of the request, empty for {@code "/*"} and the context root
 * @param pathInfo the path info of the request, or {@code null} when there is none
 * @param mappingMatch the kind of pattern that matched
 * @param matchValue the part of the path that caused the match
 * @param pattern the URL pattern that matched
 * @param <T> the type of target
 */
public record PathMatch<T>(T target, String servletPath, @Nullable String pathInfo, MappingMatch mappingMatch,
		String matchValue, String pattern) {

}
