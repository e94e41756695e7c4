package dev.undertide.boot.metrics;

import java.util.function.ToDoubleFunction;

import dev.undertide.server.ServerStatistics;
import dev.undertide.server.UndertideServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the {@code undertide.*} meters of one {@link UndertideServer}: connections, requests in flight,
 * queued and refused, bytes, threads, connections given up by a timeout and the graceful-shutdown state.
 * Every meter reads the server's {@link UndertideServer#getStatistics() statistics} when it is read, so
 * nothing runs per request.
 */
public class UndertideServerMetrics implements MeterBinder {

	private static final String REQUESTS = "requests";

	private final UndertideServer server;

	private final Iterable<Tag> tags;

	public UndertideServerMetrics(UndertideServer server, Iterable<Tag> tags) {
		this.server = server;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "undertide.connections.active", "Connections open now", BaseUnits.CONNECTIONS,
				(statistics) -> statistics.connections().active());
		counter(registry, "undertide.connections.accepted", "Connections accepted, counted at their first request",
				BaseUnits.CONNECTIONS, (statistics) -> statistics.connections().accepted());
		gauge(registry, "undertide.requests.active", "Requests being handled", REQUESTS,
				(statistics) -> statistics.requests().active());
		gauge(registry, "undertide.requests.queued", "Requests waiting for a slot under the concurrency limit",
				REQUESTS, (statistics) -> statistics.requests().queued());
		rejected(registry, "queue-full", (statistics) -> statistics.requests().rejectedQueueFull());
		rejected(registry, "queue-timeout", (statistics) -> statistics.requests().rejectedQueueTimeout());
		counter(registry, "undertide.bytes.read", "Bytes read from clients", BaseUnits.BYTES,
				(statistics) -> statistics.connections().bytesRead());
		counter(registry, "undertide.bytes.written", "Bytes written to clients", BaseUnits.BYTES,
				(statistics) -> statistics.connections().bytesWritten());
		gauge(registry, "undertide.threads.worker.size", "Worker threads in the pool", BaseUnits.THREADS,
				(statistics) -> statistics.workers().poolSize());
		gauge(registry, "undertide.threads.worker.max", "Most worker threads the pool may have", BaseUnits.THREADS,
				(statistics) -> statistics.workers().maxThreads());
		gauge(registry, "undertide.threads.worker.active", "Worker threads running a task", BaseUnits.THREADS,
				(statistics) -> statistics.workers().busy());
		gauge(registry, "undertide.threads.worker.queued", "Tasks waiting for a worker thread", BaseUnits.TASKS,
				(statistics) -> statistics.workers().queuedTasks());
		gauge(registry, "undertide.threads.io", "I/O threads", BaseUnits.THREADS,
				(statistics) -> statistics.workers().ioThreads());
		timeouts(registry, "request-header", (statistics) -> statistics.timeouts().requestHeader());
		timeouts(registry, "read", (statistics) -> statistics.timeouts().read());
		timeouts(registry, "write", (statistics) -> statistics.timeouts().write());
		Gauge
			.builder("undertide.server.draining", this.server,
					(server) -> (server.getStatistics().state() == ServerStatistics.State.DRAINING) ? 1 : 0)
			.description("1 while a graceful shutdown waits for the requests in flight, else 0")
			.tags(this.tags)
			.register(registry);
	}

	private void rejected(MeterRegistry registry, String reason, ToDoubleFunction<ServerStatistics> count) {
		FunctionCounter
			.builder("undertide.requests.rejected", this.server,
					(server) -> count.applyAsDouble(server.getStatistics()))
			.description("Requests answered 503 because no slot freed up under the concurrency limit")
			.baseUnit(REQUESTS)
			.tags(this.tags)
			.tag("reason", reason)
			.register(registry);
	}

	private void timeouts(MeterRegistry registry, String kind, ToDoubleFunction<ServerStatistics> count) {
		FunctionCounter
			.builder("undertide.timeouts", this.server, (server) -> count.applyAsDouble(server.getStatistics()))
			.description("Connections closed because a timeout ran out")
			.baseUnit(BaseUnits.CONNECTIONS)
			.tags(this.tags)
			.tag("kind", kind)
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, String unit,
			ToDoubleFunction<ServerStatistics> value) {
		Gauge.builder(name, this.server, (server) -> value.applyAsDouble(server.getStatistics()))
			.description(description)
			.baseUnit(unit)
			.tags(this.tags)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, String unit,
			ToDoubleFunction<ServerStatistics> count) {
		FunctionCounter.builder(name, this.server, (server) -> count.applyAsDouble(server.getStatistics()))
			.description(description)
			.baseUnit(unit)
			.tags(this.tags)
			.register(registry);
	}

}
