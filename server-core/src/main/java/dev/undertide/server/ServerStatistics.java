package dev.undertide.server;

/**
 * A read-only snapshot of what an {@link UndertideServer} is doing, for health checks and metrics. Counts
 * of connections and bytes start again from zero when a stopped server is started again.
 *
 * @param state whether the server accepts connections, drains for a graceful shutdown, or is stopped
 * @param connections the connections and the bytes that went through them
 * @param requests the requests in flight, waiting for a slot and refused
 * @param workers the threads requests run on
 * @param timeouts the connections given up by a timeout
 */
public record ServerStatistics(State state, Connections connections, Requests requests, Workers workers,
		Timeouts timeouts) {

	/**
	 * The share of the server's capacity in use, from 0 up. With a concurrency limit: requests holding a
	 * slot or queued for one, against the slots plus the queue. Without: busy worker threads plus tasks
	 * waiting for one, against the worker threads; requests held asynchronously, which occupy no thread,
	 * do not count, nor do requests that run on virtual threads or I/O threads.
	 */
	public double saturation() {
		if (this.requests.maxConcurrent() > 0) {
			return (double) (this.requests.active() + this.requests.queued())
					/ (this.requests.maxConcurrent() + this.requests.queueSize());
		}
		if (this.workers.maxThreads() > 0) {
			return (double) (Math.max(this.workers.busy(), 0) + this.workers.queuedTasks()) / this.workers.maxThreads();
		}
		return 0;
	}

	/**
	 * Where the server is in its lifecycle.
	 */
	public enum State {

		/** Not started, or stopped. */
		STOPPED,

		/** Running and accepting connections. */
		ACCEPTING,

		/** A graceful shutdown started: no new connections; requests in flight finish. */
		DRAINING

	}

	/**
	 * Connections and bytes.
	 *
	 * @param active connections open now
	 * @param accepted connections accepted since the start, counted at their first request
	 * @param bytesRead bytes read from clients since the start
	 * @param bytesWritten bytes written to clients since the start
	 */
	public record Connections(long active, long accepted, long bytesRead, long bytesWritten) {

	}

	/**
	 * Requests and the concurrency limit.
	 *
	 * @param active requests being handled (received, not queued, not yet complete; async ones included)
	 * @param queued requests waiting for a slot under the concurrency limit
	 * @param rejectedQueueFull requests answered 503 because the queue was full
	 * @param rejectedQueueTimeout requests answered 503 because they waited longer than the queue timeout
	 * @param maxConcurrent the concurrency limit, or -1 when there is none
	 * @param queueSize how many requests may wait for a slot; 0 without a limit
	 */
	public record Requests(long active, long queued, long rejectedQueueFull, long rejectedQueueTimeout,
			int maxConcurrent, int queueSize) {

		/** Requests answered 503 for want of a slot, for either reason. */
		public long rejected() {
			return this.rejectedQueueFull + this.rejectedQueueTimeout;
		}

	}

	/**
	 * The XNIO worker: its I/O threads and its pool of worker threads.
	 *
	 * @param ioThreads I/O threads
	 * @param maxThreads the most worker threads the pool may have
	 * @param poolSize worker threads in the pool now
	 * @param busy worker threads running a task; -1 when the pool does not count them
	 * @param queuedTasks tasks waiting for a worker thread
	 */
	public record Workers(int ioThreads, int maxThreads, int poolSize, int busy, int queuedTasks) {

	}

	/**
	 * Connections closed because a timeout ran out, by timeout.
	 *
	 * @param requestHeader connections whose request line and headers did not arrive in time
	 * @param read connections whose request body stopped arriving while the application waited to read it
	 * @param write connections whose client read nothing of the response for the write timeout
	 */
	public record Timeouts(long requestHeader, long read, long write) {

	}

}
