package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response write that makes no progress for the write timeout gives the connection up, so a client that
 * stopped reading cannot pin a worker thread; a slow client that keeps reading is never cut off. Each
 * connection given up is counted.
 */
class WriteTimeoutTests {

	private static final int CHUNK = 64 * 1024;

	private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
					context.addServlet("download", new HttpServlet() {
						@Override
						protected void doGet(HttpServletRequest request, HttpServletResponse response) {
							int chunks = Integer.parseInt(request.getParameter("chunks"));
							try {
								OutputStream out = response.getOutputStream();
								for (int i = 0; i < chunks; i++) {
									out.write(new byte[CHUNK]);
								}
								out.flush();
								WriteTimeoutTests.this.outcomes.add("completed");
							}
							catch (IOException ex) {
								WriteTimeoutTests.this.outcomes.add("failed: " + ex.getMessage());
							}
						}
					}).addMapping("/download");
					context.addServlet("listener", new HttpServlet() {
						@Override
						protected void doGet(HttpServletRequest request, HttpServletResponse response)
								throws IOException {
							AsyncContext async = request.startAsync();
							async.setTimeout(0);
							ServletOutputStream out = response.getOutputStream();
							out.setWriteListener(new WriteListener() {
								@Override
								public void onWritePossible() throws IOException {
									while (out.isReady()) {
										out.write(new byte[CHUNK]);
									}
								}

								@Override
								public void onError(Throwable failure) {
									WriteTimeoutTests.this.outcomes.add("onError: " + failure.getMessage());
									async.complete();
								}
							});
						}
					}).setAsyncSupported(true);
					context.getServletRegistration("listener").addMapping("/listener");
				}), (server) -> server.writeTimeout(Duration.ofMillis(300)));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void clientThatStopsReadingIsGivenUpAfterTheWriteTimeout() throws Exception {
		try (Socket socket = connect("/download?chunks=1024")) {
			long start = System.nanoTime();
			String outcome = this.outcomes.poll(10, TimeUnit.SECONDS);
			assertThat(outcome).startsWith("failed: The client read nothing for 300 ms");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
		}
	}

	@Test
	void writeListenerWhoseClientStopsReadingIsToldOfTheError() throws Exception {
		try (Socket socket = connect("/listener")) {
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).startsWith("onError");
		}
	}

	@Test
	void connectionGivenUpIsCounted() throws Exception {
		try (Socket blocking = connect("/download?chunks=1024"); Socket listening = connect("/listener")) {
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isNotNull();
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isNotNull();
		}
		assertThat(this.server.statistics().timeouts().write()).isEqualTo(2);
		assertThat(this.server.statistics().timeouts().read()).isZero();
	}

	@Test
	void slowClientThatKeepsReadingGetsTheWholeBody() throws Exception {
		int chunks = 16;
		try (Socket socket = connect("/download?chunks=" + chunks)) {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[CHUNK];
			long received = 0;
			int read;
			// A pause after every read: far slower than the server writes, never idle for the 300 ms timeout.
			while ((read = in.read(buffer)) >= 0) {
				received += read;
				Thread.sleep(20);
			}
			assertThat(received).isGreaterThan((long) chunks * CHUNK);
		}
		assertThat(this.outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("completed");
		assertThat(this.server.statistics().timeouts().write()).isZero();
	}

	private Socket connect(String path) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8 * 1024);
		socket.connect(new java.net.InetSocketAddress("127.0.0.1", this.server.port()));
		socket.setSoTimeout(15_000);
		String request = "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

}
