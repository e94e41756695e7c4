package dev.undertide.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.undertide.server.UndertideServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that read slowly, or not at all, hold the platform worker threads their downloads block in; the
 * pool starts other threads meanwhile, so a quick request is still answered at once. Smaller numbers than
 * the benchmark's 200 downloads: two worker threads, eight stalled downloads.
 */
class SlowClientStarvationTests {

	private static final int WORKERS = 2;

	private static final int STALLED_DOWNLOADS = 8;

	private final CountDownLatch downloadsBlocked = new CountDownLatch(STALLED_DOWNLOADS);

	private final List<Socket> clients = new ArrayList<>();

	private RunningServletServer server;

	@AfterEach
	void stop() throws IOException {
		for (Socket client : this.clients) {
			client.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void quickRequestIsAnsweredWhileStalledDownloadsHoldEveryWorkerThread() throws Exception {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("download", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					OutputStream out = response.getOutputStream();
					byte[] chunk = new byte[64 * 1024];
					out.write(chunk);
					out.flush();
					SlowClientStarvationTests.this.downloadsBlocked.countDown();
					for (int i = 0; i < 256; i++) {
						out.write(chunk);
					}
				}
			}).addMapping("/download");
			context.addServlet("quick", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().write("quick");
				}
			}).addMapping("/quick");
		}), (builder) -> builder.workerThreads(WORKERS));
		for (int i = 0; i < STALLED_DOWNLOADS; i++) {
			this.clients.add(stalledDownload());
		}
		assertThat(this.downloadsBlocked.await(10, TimeUnit.SECONDS)).as("every download started").isTrue();

		HttpResponse<String> response = this.server.get("/quick");
		assertThat(response.body()).isEqualTo("quick");
	}

	@Test
	void downloadPastItsFirstMebibyteCountsOnceAgainstThePoolUntilItEnds() throws Exception {
		startServingInOneWrite(new byte[32 * 1024 * 1024]);
		int downloads = 2;
		for (int i = 0; i < downloads; i++) {
			this.clients.add(stalledDownload());
		}
		// Each download's thread is allowed one more thread into the pool, for the writing and the waiting
		// both: not one more for each wait within the download.
		awaitMaxThreads(WORKERS + downloads);
		for (int i = 0; i < 10; i++) {
			Thread.sleep(30);
			assertThat(this.server.statistics().workers().maxThreads()).isEqualTo(WORKERS + downloads);
		}
		for (Socket client : this.clients) {
			client.close();
		}
		awaitMaxThreads(WORKERS);
	}

	@Test
	void largeWriteToAReadingClientIsNotHeldUpByLargeWritesToStalledOnes() throws Exception {
		int size = 4 * 1024 * 1024;
		startServingInOneWrite(new byte[size]);
		// More stalled writes than may write large bodies at once: any of them waiting for its client while
		// holding a turn would leave the reading client's write waiting for one for ever.
		int stalled = LargeWriteTurns.WRITERS_AT_ONCE + 1;
		for (int i = 0; i < stalled; i++) {
			this.clients.add(stalledDownload());
		}
		awaitMaxThreads(WORKERS + stalled);

		HttpResponse<String> response = this.server.get("/download");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(size);
	}

	/** Starts a server whose /download writes {@code body} in one call. */
	private void startServingInOneWrite(byte[] body) throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("download", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getOutputStream().write(body);
				}
			}).addMapping("/download");
		}), (builder) -> builder.workerThreads(WORKERS));
	}

	private void awaitMaxThreads(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.server.statistics().workers().maxThreads() != expected) {
			assertThat(System.nanoTime()).as("pool's most threads reaching " + expected).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	/** Asks for a large body with a small receive window, and never reads it. */
	private Socket stalledDownload() throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()));
		socket.getOutputStream()
			.write("GET /download HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

}
