package dev.undertide.servlet;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.undertide.server.ServerStatistics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests go from the I/O thread to the worker threads through a queue that worker threads drain one
 * request after another: no more requests run at once than there are worker threads, the queued ones count
 * in the statistics, and none is left behind when the queue empties and fills again.
 */
class WorkerHandOverTests {

	private static final int WORKERS = 2;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private RunningServletServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void requestsBeyondTheWorkerThreadsWaitQueuedAndRunAsThreadsFree() throws Exception {
		int requests = 6;
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("blocking", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
					try {
						release.await(20, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					running.decrementAndGet();
					response.getWriter().write("done");
				}
			}).addMapping("/blocking");
		}), (builder) -> builder.workerThreads(WORKERS));

		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			responses.add(sendAsync("/blocking"));
		}
		awaitWorkers((workers) -> workers.busy() == WORKERS && workers.queuedTasks() == requests - WORKERS);
		Thread.sleep(100);
		assertThat(running).as("requests running while every worker thread is blocked").hasValue(WORKERS);

		release.countDown();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(response.get(20, TimeUnit.SECONDS).body()).isEqualTo("done");
		}
		assertThat(mostRunning).as("most requests running at once").hasValue(WORKERS);
		awaitWorkers((workers) -> workers.busy() == 0 && workers.queuedTasks() == 0);
	}

	@Test
	void everyRequestIsAnsweredWhileTheQueueEmptiesAndFillsAgain() throws Exception {
		int clients = 16;
		int requestsPerClient = 200;
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("quick", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().write(request.getParameter("n"));
				}
			}).addMapping("/quick");
		}), (builder) -> builder.workerThreads(1));

		ExecutorService clientThreads = Executors.newFixedThreadPool(clients);
		List<CompletableFuture<Integer>> answered = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			answered.add(CompletableFuture.supplyAsync(() -> {
				int count = 0;
				for (int n = 0; n < requestsPerClient; n++) {
					if (sendAsync("/quick?n=" + n).join().body().equals(String.valueOf(n))) {
						count++;
					}
				}
				return count;
			}, clientThreads));
		}
		try {
			for (CompletableFuture<Integer> client : answered) {
				assertThat(client.get(60, TimeUnit.SECONDS)).isEqualTo(requestsPerClient);
			}
		}
		finally {
			clientThreads.shutdownNow();
		}
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(String path) {
		HttpRequest request = HttpRequest.newBuilder(this.server.uri(path)).timeout(Duration.ofSeconds(20)).build();
		return this.client.sendAsync(request, BodyHandlers.ofString());
	}

	private void awaitWorkers(Predicate<ServerStatistics.Workers> condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.test(this.server.statistics().workers())) {
			assertThat(System.nanoTime()).as("workers " + this.server.statistics().workers()).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
