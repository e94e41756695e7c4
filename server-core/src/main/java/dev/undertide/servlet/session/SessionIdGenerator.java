package dev.undertide.servlet.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates unguessable session ids: 128 random bits, URL-safe Base64 without padding.
 */
final class SessionIdGenerator {

	private static final int ID_BYTES = 16;

	private final SecureRandom random = new SecureRandom();

	private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	String generateId() {
		byte[] bytes = new byte[ID_BYTES];
		this.random.nextBytes(bytes);
		return this.encoder.encodeToString(bytes);
	}

}
