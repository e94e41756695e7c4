package dev.undertide.boot.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.timeouts.*}: each ends one kind of stuck connection and leaves the others alone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = TimeoutPropertiesTests.TimeoutApplication.class,
		properties = { "server.undertow.timeouts.request-header=500ms", "server.undertow.timeouts.write=300ms",
				"server.undertow.timeouts.linger=300ms", "server.undertow.timeouts.idle=400ms" })
class TimeoutPropertiesTests {

	static final BlockingQueue<String> writeOutcomes = new LinkedBlockingQueue<>();

	@LocalServerPort
	private int port;

	@Test
	void slowlorisIsDisconnectedWhileOtherRequestsAreServed() throws Exception {
		try (Socket slow = socket()) {
			OutputStream out = slow.getOutputStream();
			out.write("GET /small HTTP/1.1\r\nHost: test\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			boolean closed = false;
			for (int i = 0; i < 30 && !closed; i++) {
				assertThat(HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/small")).build(),
							BodyHandlers.ofString())
					.body()).isEqualTo("small");
				try {
					out.write('x');
					out.flush();
					Thread.sleep(100);
					closed = slow.getInputStream().available() == 0 && isClosed(slow);
				}
				catch (SocketException ex) {
					closed = true;
				}
			}
			assertThat(closed).isTrue();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2500);
		}
	}

	@Test
	void clientThatStopsReadingIsGivenUpAfterTheWriteTimeout() throws Exception {
		writeOutcomes.clear();
		try (Socket socket = socket()) {
			socket.getOutputStream()
				.write("GET /large HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(writeOutcomes.poll(10, TimeUnit.SECONDS)).startsWith("failed");
		}
	}

	@Test
	void closingConnectionWhoseClientNeverClosesIsAbortedAfterTheLinger() throws Exception {
		try (Socket socket = socket()) {
			socket.getOutputStream()
				.write("GET /small HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			String answer = readUntilClosed(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 200").endsWith("small");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
		}
	}

	@Test
	void idleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
		try (Socket socket = socket()) {
			socket.getOutputStream().write("GET /small HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			assertThat(readUntilClosed(socket.getInputStream())).startsWith("HTTP/1.1 200");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 2500L);
		}
	}

	private Socket socket() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(10_000);
		socket.setReceiveBufferSize(8 * 1024);
		return socket;
	}

	private static boolean isClosed(Socket socket) throws IOException {
		socket.setSoTimeout(50);
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		finally {
			socket.setSoTimeout(10_000);
		}
	}

	private static String readUntilClosed(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TimeoutApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> small() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("small");
				}
			}, "/small");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> large() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) {
					try {
						OutputStream out = response.getOutputStream();
						for (int i = 0; i < 1024; i++) {
							out.write(new byte[64 * 1024]);
						}
						writeOutcomes.add("completed");
					}
					catch (IOException ex) {
						writeOutcomes.add("failed: " + ex.getMessage());
					}
				}
			}, "/large");
		}

	}

}
