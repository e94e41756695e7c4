package dev.undertide.servlet;

import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the {@code SameSite} attribute of a response cookie that does not set one itself.
 */
@FunctionalInterface
public interface CookieSameSitePolicy {

	/** The SameSite value ({@code Strict}, {@code Lax} or {@code None}), or {@code null} for none. */
	@Nullable String sameSiteOf(Cookie cookie);

}
