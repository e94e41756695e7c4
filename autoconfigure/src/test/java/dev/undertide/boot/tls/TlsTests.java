package dev.undertide.boot.tls;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code server.ssl.*} and SSL bundles: the listener speaks HTTPS, asks for client certificates as told,
 * and the application sees the connection's TLS details, for servlet and reactive applications alike.
 */
class TlsTests {

	private static final String[] KEY_STORE = { "server.ssl.key-store=classpath:tls/server.p12",
			"server.ssl.key-store-password=secret" };

	private static final String[] CLIENT_CERTIFICATE_NEEDED = { "server.ssl.client-auth=need",
			"server.ssl.trust-store=classpath:tls/ca.p12", "server.ssl.trust-store-password=secret" };

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void keyStorePropertiesServeHttps(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, KEY_STORE)) {
			Map<String, String> tls = Http.lines(get(context, "/tls", clientContext(false)).body());
			assertThat(tls).containsEntry("secure", "true")
				.containsEntry("scheme", "https")
				.containsEntry("url", "https://localhost:" + port(context) + "/tls")
				.containsEntry("client", "none");
			assertThat(tls.get("session")).isNotNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void bundleNamedByServerSslBundleServesHttps(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, "server.ssl.bundle=web",
				"spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server.crt",
				"spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server.key")) {
			assertThat(Http.lines(get(context, "/tls", clientContext(false)).body())).containsEntry("scheme", "https");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void requiredClientCertificateIsShownToTheApplication(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, concat(KEY_STORE, CLIENT_CERTIFICATE_NEEDED))) {
			assertThat(Http.lines(get(context, "/tls", clientContext(true)).body())).containsEntry("client",
					"CN=test-client");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void clientWithoutACertificateIsRefusedWhenOneIsRequired(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, concat(KEY_STORE, CLIENT_CERTIFICATE_NEEDED))) {
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> get(context, "/tls", clientContext(false)).body());
			assertThat(get(context, "/tls", clientContext(true)).statusCode()).isEqualTo(200);
		}
	}

	/** The details the Servlet specification names as request attributes of a TLS connection. */
	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void servletRequestAttributesDescribeTheConnection(String protocol) throws Exception {
		try (ConfigurableApplicationContext context = start("servlet",
				concat(KEY_STORE, "server.ssl.enabled-protocols=" + protocol))) {
			Map<String, String> tls = Http.lines(get(context, "/tls", clientContext(false)).body());
			assertThat(tls).containsEntry("protocol", protocol);
			assertThat(tls.get("cipher")).startsWith("TLS_");
			assertThat(Integer.parseInt(tls.get("keySize"))).isPositive();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void protocolNotEnabledFailsTheHandshake(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack,
				concat(KEY_STORE, "server.ssl.enabled-protocols=TLSv1.3"));
				SSLSocket socket = (SSLSocket) clientContext(false).getSocketFactory()
					.createSocket("localhost", port(context))) {
			socket.setSoTimeout(5000);
			socket.setEnabledProtocols(new String[] { "TLSv1.2" });
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(socket::startHandshake);
		}
	}

	/**
	 * The server closes after the response as asked; the close must not cut the body short, with TLS's own
	 * records and close notification in the way.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void largeBodyArrivesWholeBeforeTheServerCloses(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, KEY_STORE);
				SSLSocket socket = (SSLSocket) clientContext(false).getSocketFactory()
					.createSocket("localhost", port(context))) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /big HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] response = socket.getInputStream().readAllBytes();
			int headEnd = new String(response, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
			assertThat(headEnd).as("end of the response head").isPositive();
			assertThat(new String(response, 0, headEnd, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ")
				.containsIgnoringCase("Content-Length: " + TlsApplication.BIG_SIZE);
			byte[] body = Arrays.copyOfRange(response, headEnd + 4, response.length);
			assertThat(body).hasSize(TlsApplication.BIG_SIZE);
			assertThat(BytePattern.sha256Hex(body))
				.isEqualTo(BytePattern.sha256(TlsApplication.BIG_SEED, TlsApplication.BIG_SIZE));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void serverNameBundlesFailStartUpRatherThanBeingIgnored(String stack) {
		assertThatException()
			.isThrownBy(() -> start(stack, concat(KEY_STORE, "server.ssl.server-name-bundles[0].server-name=example.org",
					"server.ssl.server-name-bundles[0].bundle=web",
					"spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server.crt",
					"spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server.key"))
				.close())
			.withStackTraceContaining("server.ssl.server-name-bundles is not supported by Undertide");
	}

	private static ConfigurableApplicationContext start(String stack, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=" + stack,
				"server.shutdown=immediate"));
		all.addAll(List.of(properties));
		return RunningApplications.start(TlsApplication.class, all.toArray(String[]::new));
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path, SSLContext client)
			throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_1_1).build();
		return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port(context) + path)).build(),
				BodyHandlers.ofString());
	}

	/** Trusts the test CA; presents the client certificate if asked to. */
	private static SSLContext clientContext(boolean withCertificate) throws Exception {
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(keyStore("tls/ca.p12"));
		KeyManagerFactory keys = null;
		if (withCertificate) {
			keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(keyStore("tls/client.p12"), "secret".toCharArray());
		}
		SSLContext context = SSLContext.getInstance("TLS");
		context.init((keys != null) ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
		return context;
	}

	private static KeyStore keyStore(String resource) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			store.load(in, "secret".toCharArray());
		}
		return store;
	}

	private static String[] concat(String[] first, String... more) {
		List<String> all = new ArrayList<>(List.of(first));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

}
