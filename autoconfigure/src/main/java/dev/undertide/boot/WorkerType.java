package dev.undertide.boot;

/**
 * Where application code runs.
 */
public enum WorkerType {

	/**
	 * For servlet applications virtual threads when the JVM has them and
	 * {@code spring.threads.virtual.enabled=true}, else platform; for reactive applications the I/O threads,
	 * as on Netty.
	 */
	AUTO,

	/** A bounded pool of {@code server.undertow.threads.worker} platform threads: undertow's worker pool. */
	PLATFORM,

	/** A virtual thread per request; needs Java 21 or later. */
	VIRTUAL,

	/** The I/O threads themselves; only for reactive applications, which must never block. */
	IO

}
