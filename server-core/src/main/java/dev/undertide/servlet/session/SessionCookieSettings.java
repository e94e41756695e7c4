package dev.undertide.servlet.session;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;

/**
 * {@link SessionCookieConfig} of one servlet context, which also creates the session
 * tracking cookies. Defaults to an HTTP-only, non-secure session cookie named
 * {@code JSESSIONID} that lives as long as the browser session.
 * <p>
 * As with {@link Cookie}, every setting is kept as a cookie attribute: the typed setters
 * write the {@code Domain}, {@code Path}, {@code Max-Age}, {@code HttpOnly} and
 * {@code Secure} attributes, and flags are set by an empty value.
 */
public final class SessionCookieSettings implements SessionCookieConfig {

	private static final String DEFAULT_NAME = "JSESSIONID";

	private static final String DOMAIN = "Domain";

	private static final String PATH = "Path";

	private static final String MAX_AGE = "Max-Age";

	private static final String HTTP_ONLY = "HttpOnly";

	private static final String SECURE = "Secure";

	private static final String FLAG_SET = "";

	private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

	private final Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	private String name = DEFAULT_NAME;

	private volatile boolean locked;

	public SessionCookieSettings() {
		this.attributes.put(HTTP_ONLY, FLAG_SET);
	}

	/**
	 * Reject any further change, as the servlet context has been initialized.
	 */
	public void lock() {
		this.locked = true;
	}

	@Override
	public void setName(String name) {
		assertNotLocked("Session cookie name");
		if (!isToken(name)) {
			throw new IllegalArgumentException("Invalid session cookie name [" + name + "]");
		}
		this.name = name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public void setDomain(@Nullable String domain) {
		assertNotLocked("Session cookie domain");
		putAttribute(DOMAIN, domain);
	}

	@Override
	public @Nullable String getDomain() {
		return this.attributes.get(DOMAIN);
	}

	/**
	 * Set the cookie path; {@code null}, the default, means the context path.
	 */
	@Override
	public void setPath(@Nullable String path) {
		assertNotLocked("Session cookie path");
		putAttribute(PATH, path);
	}

	@Override
	public @Nullable String getPath() {
		return this.attributes.get(PATH);
	}

	/**
	 * Has no effect, as cookie comments are no longer supported (RFC 6265).
	 */
	@Override
	@Deprecated
	public void setComment(@Nullable String comment) {
	}

	/**
	 * Always returns {@code null}, as cookie comments are no longer supported (RFC 6265).
	 */
	@Override
	@Deprecated
	public @Nullable String getComment() {
		return null;
	}

	@Override
	public void setHttpOnly(boolean httpOnly) {
		assertNotLocked("Session cookie HttpOnly flag");
		putAttribute(HTTP_ONLY, httpOnly ? FLAG_SET : null);
	}

	@Override
	public boolean isHttpOnly() {
		return isFlagSet(HTTP_ONLY);
	}

	@Override
	public void setSecure(boolean secure) {
		assertNotLocked("Session cookie Secure flag");
		putAttribute(SECURE, secure ? FLAG_SET : null);
	}

	@Override
	public boolean isSecure() {
		return isFlagSet(SECURE);
	}

	/**
	 * Set the cookie max age in seconds; negative, the default, means until the browser
	 * is closed.
	 */
	@Override
	public void setMaxAge(int maxAge) {
		assertNotLocked("Session cookie max age");
		putAttribute(MAX_AGE, (maxAge < 0) ? null : String.valueOf(maxAge));
	}

	@Override
	public int getMaxAge() {
		String maxAge = this.attributes.get(MAX_AGE);
		return (maxAge != null) ? Integer.parseInt(maxAge) : -1;
	}

	/**
	 * Set a cookie attribute such as {@code SameSite} or {@code Partitioned}; a {@code null}
	 * value removes it.
	 */
	@Override
	public void setAttribute(String name, @Nullable String value) {
		assertNotLocked("Session cookie attribute [" + name + "]");
		if (!isToken(name)) {
			throw new IllegalArgumentException("Invalid session cookie attribute name [" + name + "]");
		}
		if (MAX_AGE.equalsIgnoreCase(name) && value != null) {
			setMaxAge(Integer.parseInt(value));
		}
		else {
			putAttribute(name, value);
		}
	}

	@Override
	public @Nullable String getAttribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public Map<String, String> getAttributes() {
		return Collections.unmodifiableMap(this.attributes);
	}

	/**
	 * Create the session tracking cookie for the given session.
	 * @param sessionId the session id, used as the cookie value
	 * @param contextPath the context path, used as the cookie path unless a path has been
	 * set; empty for the root context
	 */
	public Cookie createCookie(String sessionId, String contextPath) {
		Cookie cookie = new Cookie(this.name, sessionId);
		this.attributes.forEach(cookie::setAttribute);
		// Flags set to "true" through setAttribute must still render as bare flags
		cookie.setHttpOnly(isHttpOnly());
		cookie.setSecure(isSecure());
		if (getPath() == null) {
			cookie.setPath(contextPath.isEmpty() ? "/" : contextPath);
		}
		return cookie;
	}

	private void putAttribute(String name, @Nullable String value) {
		if (value != null) {
			this.attributes.put(name, value);
		}
		else {
			this.attributes.remove(name);
		}
	}

	private boolean isFlagSet(String name) {
		String value = this.attributes.get(name);
		return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
	}

	private void assertNotLocked(String setting) {
		if (this.locked) {
			throw new IllegalStateException(
					setting + " cannot be changed after the ServletContext has been initialized");
		}
	}

	private static boolean isToken(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
				return false;
			}
		}
		return true;
	}

}
