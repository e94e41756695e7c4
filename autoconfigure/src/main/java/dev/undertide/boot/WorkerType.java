package dev.undertide.boot;

/**
 * Where application code runs.
 */
public enum WorkerType {

	/** Virtual threads when the JVM has them and {@code spring.threads.virtual.enabled=true}, else platform. */
	AUTO,

	/** A bounded pool of {@code server.undertow.threads.worker} platform threads. */
	PLATFORM,

	/** A virtual thread per request; needs Java 21 or later. */
	VIRTUAL,

	/** The I/O threads themselves; only for reactive applications, which must never block. */
	IO

}
