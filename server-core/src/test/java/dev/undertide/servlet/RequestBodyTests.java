package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies arrive whole through the servlet input stream, with a length or chunked.
 */
class RequestBodyTests {

	private static final byte[] BODY = new byte[8 * 1024 * 1024];

	static {
		new Random(7).nextBytes(BODY);
	}

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("digest", new HttpServlet() {
				@Override
				protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print(sha256(request.getInputStream()));
				}
			}).addMapping("/digest");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void bodyWithContentLengthArrivesWhole() throws Exception {
		assertThat(post(BodyPublishers.ofByteArray(BODY)).body()).isEqualTo(expectedDigest());
	}

	@Test
	void chunkedBodyArrivesWhole() throws Exception {
		// A publisher without a known length makes the client send the body chunked.
		HttpRequest.BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(BODY));
		assertThat(post(chunked).body()).isEqualTo(expectedDigest());
	}

	private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.server.uri("/digest")).POST(body).build();
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
				BodyHandlers.ofString());
	}

	private static String expectedDigest() throws IOException {
		return sha256(new java.io.ByteArrayInputStream(BODY));
	}

	static String sha256(InputStream in) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[65536];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
