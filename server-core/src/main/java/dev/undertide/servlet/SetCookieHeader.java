package dev.undertide.servlet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;

/**
 * Formats a {@code Set-Cookie} header value (RFC 6265) from a {@link Cookie} and its Servlet 6 attributes.
 */
final class SetCookieHeader {

	private static final DateTimeFormatter EXPIRES = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private SetCookieHeader() {
	}

	static String format(Cookie cookie, @Nullable CookieSameSitePolicy sameSitePolicy) {
		String value = (cookie.getValue() != null) ? cookie.getValue() : "";
		checkValue(cookie.getName(), value);
		StringBuilder header = new StringBuilder(64).append(cookie.getName()).append('=').append(value);
		boolean sameSiteSet = false;
		for (Map.Entry<String, String> attribute : cookie.getAttributes().entrySet()) {
			String name = attribute.getKey();
			String attributeValue = attribute.getValue();
			checkAttribute(name, attributeValue);
			header.append("; ").append(name);
			if (!attributeValue.isEmpty()) {
				header.append('=').append(attributeValue);
			}
			if ("Max-Age".equalsIgnoreCase(name)) {
				header.append("; Expires=").append(expires(Integer.parseInt(attributeValue)));
			}
			sameSiteSet |= "SameSite".equalsIgnoreCase(name);
		}
		if (!sameSiteSet && sameSitePolicy != null) {
			String sameSite = sameSitePolicy.sameSiteOf(cookie);
			if (sameSite != null) {
				header.append("; SameSite=").append(sameSite);
			}
		}
		return header.toString();
	}

	private static String expires(int maxAgeSeconds) {
		Instant expiry = (maxAgeSeconds == 0) ? Instant.EPOCH : Instant.now().plusSeconds(maxAgeSeconds);
		return EXPIRES.format(expiry);
	}

	/** A cookie value is cookie-octets, optionally in double quotes (RFC 6265 §4.1.1). */
	private static void checkValue(String name, String value) {
		int start = 0;
		int end = value.length();
		if (end >= 2 && value.charAt(0) == '"' && value.charAt(end - 1) == '"') {
			start = 1;
			end--;
		}
		for (int i = start; i < end; i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c == '"' || c == ',' || c == ';' || c == '\\' || c >= 0x7f) {
				throw new IllegalArgumentException("Cookie '" + name + "' has a value with the character 0x"
						+ Integer.toHexString(c) + " that RFC 6265 does not allow; encode the value first");
			}
		}
	}

	private static void checkAttribute(String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == ';' || c == 0x7f) {
				throw new IllegalArgumentException("Cookie attribute '" + name + "' has an invalid value");
			}
		}
	}

}
