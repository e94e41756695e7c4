package dev.undertide.bench;

import java.nio.charset.StandardCharsets;

/** Response bodies shared by all endpoints. Allocated once, never mutated. */
public final class Payloads {

	public static final String PLAINTEXT = "Hello, World!";

	/** 1 MiB body of /big. */
	public static final byte[] BIG = fill(1024 * 1024);

	/** One of the {@link #CHUNKS} chunks that /stream writes. */
	public static final byte[] CHUNK = fill(1024);

	public static final int CHUNKS = 10;

	private Payloads() {
	}

	/** The 32 MiB body of /download, allocated on first use so that no other phase pays for it. */
	public static final class Download {

		public static final byte[] BYTES = fill(32 * 1024 * 1024);

		private Download() {
		}

	}

	private static byte[] fill(int size) {
		byte[] pattern = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = pattern[i % pattern.length];
		}
		return bytes;
	}

}
