package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away while the application holds an async request is noticed from the read side,
 * even though nothing is being written.
 */
class DisconnectTests {

	/** Generous against a loaded CI machine; the aim is well under 100 ms. */
	private static final long NOTICE_WITHIN_MILLIS = 1000;

	private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

	private final CompletableFuture<AsyncContext> held = new CompletableFuture<>();

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("stream", new StreamServlet()).setAsyncSupported(true);
			context.getServletRegistration("stream").addMapping("/stream", "/poll");
			context.addServlet("quick", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("quick");
				}
			});
			context.getServletRegistration("quick").addMapping("/quick");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void clientClosingAnIdleStreamIsNoticedWithoutAWrite() throws Exception {
		long closedAt;
		try (Socket socket = connect()) {
			send(socket, "GET /stream HTTP/1.1\r\nHost: test\r\n\r\n");
			readUntil(socket.getInputStream(), "event 1");
			closedAt = System.nanoTime();
		}
		assertNoticedSince(closedAt);
	}

	@Test
	void clientResettingAnIdleStreamIsNoticedWithoutAWrite() throws Exception {
		Socket socket = connect();
		send(socket, "GET /stream HTTP/1.1\r\nHost: test\r\n\r\n");
		readUntil(socket.getInputStream(), "event 1");
		socket.setSoLinger(true, 0);
		long closedAt = System.nanoTime();
		socket.close();
		assertNoticedSince(closedAt);
	}

	@Test
	void clientLeavingALongPollIsNoticed() throws Exception {
		Socket socket = connect();
		send(socket, "GET /poll HTTP/1.1\r\nHost: test\r\n\r\n");
		this.held.get(5, TimeUnit.SECONDS);
		long closedAt = System.nanoTime();
		socket.close();
		assertNoticedSince(closedAt);
	}

	@Test
	void writingAfterTheClientLeftFailsFast() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /stream HTTP/1.1\r\nHost: test\r\n\r\n");
			readUntil(socket.getInputStream(), "event 1");
		}
		assertThat(this.events.poll(5, TimeUnit.SECONDS)).isEqualTo("onError");
		AsyncContext async = this.held.get(1, TimeUnit.SECONDS);
		long start = System.nanoTime();
		IOException failure = null;
		try {
			for (int i = 0; i < 100; i++) {
				async.getResponse().getOutputStream().write(new byte[8192]);
				async.getResponse().flushBuffer();
			}
		}
		catch (IOException ex) {
			failure = ex;
		}
		assertThat(failure).isNotNull();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(NOTICE_WITHIN_MILLIS);
	}

	@Test
	void requestPipelinedBehindAnAsyncOneIsStillAnswered() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /poll HTTP/1.1\r\nHost: test\r\n\r\nGET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
			AsyncContext async = this.held.get(5, TimeUnit.SECONDS);
			Thread.sleep(200);
			async.getResponse().getOutputStream().write("polled".getBytes(StandardCharsets.UTF_8));
			async.complete();
			String answers = readUntil(socket.getInputStream(), "quick");
			assertThat(answers.indexOf("polled")).isPositive().isLessThan(answers.indexOf("quick"));
		}
		assertThat(this.events.poll(5, TimeUnit.SECONDS)).isEqualTo("onComplete");
	}

	private void assertNoticedSince(long closedAt) throws InterruptedException {
		String first = this.events.poll(5, TimeUnit.SECONDS);
		long noticedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
		assertThat(first).isEqualTo("onError");
		assertThat(noticedAfter).isLessThan(NOTICE_WITHIN_MILLIS);
		assertThat(this.events.poll(5, TimeUnit.SECONDS)).isEqualTo("onComplete");
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.server.port());
		socket.setSoTimeout(5000);
		return socket;
	}

	private static void send(Socket socket, String request) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static String readUntil(InputStream in, String marker) throws IOException {
		StringBuilder received = new StringBuilder();
		byte[] buffer = new byte[1024];
		while (!received.toString().contains(marker)) {
			int read = in.read(buffer);
			if (read < 0) {
				throw new IOException("Connection closed before '" + marker + "'; got: " + received);
			}
			received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
		}
		return received.toString();
	}

	/** Writes one event on /stream, nothing on /poll, then holds the request. */
	class StreamServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			AsyncContext async = request.startAsync();
			async.setTimeout(0);
			async.addListener(new AsyncListener() {
				@Override
				public void onComplete(AsyncEvent event) {
					DisconnectTests.this.events.add("onComplete");
				}

				@Override
				public void onTimeout(AsyncEvent event) {
					DisconnectTests.this.events.add("onTimeout");
				}

				@Override
				public void onError(AsyncEvent event) {
					DisconnectTests.this.events.add("onError");
				}

				@Override
				public void onStartAsync(AsyncEvent event) {
				}
			});
			if (request.getServletPath().equals("/stream")) {
				response.setContentType("text/event-stream");
				response.getOutputStream().write("data: event 1\n\n".getBytes(StandardCharsets.UTF_8));
				response.flushBuffer();
			}
			DisconnectTests.this.held.complete(async);
		}

	}

}
