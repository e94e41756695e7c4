package dev.undertide.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's one rule that requests over sockets rarely reach: a task queued just as the last drainer finds
 * the queue empty and stops must still run, with no later task to start a drainer for it.
 */
class WorkerTaskQueueTests {

	private final XnioWorker worker;

	WorkerTaskQueueTests() throws Exception {
		// As the server does before its first pool: pools created later in this JVM count their busy threads.
		UndertideServer.builder();
		this.worker = Xnio.getInstance()
			.createWorker(OptionMap.builder()
				.set(Options.WORKER_IO_THREADS, 1)
				.set(Options.WORKER_TASK_CORE_THREADS, 1)
				.set(Options.WORKER_TASK_MAX_THREADS, 1)
				.getMap());
	}

	@AfterEach
	void stop() {
		this.worker.shutdownNow();
	}

	@Test
	void taskQueuedAsTheDrainerStopsStillRuns() throws InterruptedException {
		WorkerTaskQueue queue = WorkerTaskQueue.of(this.worker);
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 200_000; i++) {
			CountDownLatch done = new CountDownLatch(1);
			queue.execute(() -> {
				ran.incrementAndGet();
				done.countDown();
			});
			assertThat(done.await(5, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
		}
		assertThat(ran).hasValue(200_000);
	}

}
