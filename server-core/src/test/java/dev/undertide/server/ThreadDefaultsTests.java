package dev.undertide.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An I/O thread per available processor, and eight worker threads per I/O thread, at least 16, unless
 * set: on one processor two I/O threads only take turns on it.
 */
class ThreadDefaultsTests {

	private UndertideServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void ioThreadsDefaultToTheAvailableProcessors() {
		int processors = Runtime.getRuntime().availableProcessors();
		ServerStatistics.Workers workers = start(UndertideServer.builder());
		assertThat(workers.ioThreads()).isEqualTo(processors);
		assertThat(workers.maxThreads()).isEqualTo(Math.max(processors, 2) * 8);
	}

	@Test
	void workerThreadsFollowTheIoThreadsSet() {
		ServerStatistics.Workers workers = start(UndertideServer.builder().ioThreads(3));
		assertThat(workers.ioThreads()).isEqualTo(3);
		assertThat(workers.maxThreads()).isEqualTo(24);
	}

	@Test
	void workerThreadsAreAtLeast16() {
		assertThat(start(UndertideServer.builder().ioThreads(1)).maxThreads()).isEqualTo(16);
	}

	@Test
	void workerThreadsSetAreKept() {
		ServerStatistics.Workers workers = start(UndertideServer.builder().ioThreads(3).workerThreads(5));
		assertThat(workers.maxThreads()).isEqualTo(5);
	}

	private ServerStatistics.Workers start(UndertideServer.Builder builder) {
		this.server = builder.host("127.0.0.1").port(0).handler((exchange) -> exchange.endExchange()).build();
		this.server.start();
		return this.server.getStatistics().workers();
	}

}
