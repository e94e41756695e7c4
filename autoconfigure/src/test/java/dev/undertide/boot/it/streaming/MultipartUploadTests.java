package dev.undertide.boot.it.streaming;

import java.io.ByteArrayOutputStream;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.it.support.Http;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart uploads through Spring's {@code MultipartFile}, with {@code spring.servlet.multipart.max-file-size=1KB}
 * and {@code file-size-threshold=0} (every file part goes to disk) set by {@link StreamingWebTest}.
 */
@StreamingWebTest
class MultipartUploadTests {

	private static final String BOUNDARY = "----undertide-boundary-7MA4YWxkTrZu0gW";

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void uploadedFileArrivesWithItsNameSizeAndContent() {
		byte[] content = BytePattern.bytes(21, 700);
		HttpResponse<String> response = upload(content);
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		assertThat((String) JsonPath.read(body, "$.name")).isEqualTo("file");
		assertThat((String) JsonPath.read(body, "$.originalFilename")).isEqualTo("data.bin");
		assertThat((String) JsonPath.read(body, "$.contentType")).isEqualTo("application/octet-stream");
		assertThat(((Number) JsonPath.read(body, "$.size")).longValue()).isEqualTo(700);
		assertThat((String) JsonPath.read(body, "$.sha256")).isEqualTo(BytePattern.sha256Hex(content));
		assertThat((String) JsonPath.read(body, "$.note")).isEqualTo("a note");
	}

	/**
	 * Boot on Tomcat answers this 413 with an empty body: Spring re-resolves the multipart request in the
	 * error dispatch and fails again there, so Boot's error controller never runs. A body, if there is
	 * one, must be Boot's error JSON for the 413.
	 */
	@Test
	void fileOverTheMaxFileSizeIsRefusedWith413() {
		HttpResponse<String> response = upload(BytePattern.bytes(22, 4096));
		assertThat(response.statusCode()).isEqualTo(413);
		if (!response.body().isEmpty()) {
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(413);
			assertThat((String) JsonPath.read(response.body(), "$.path")).isEqualTo("/multipart/upload");
		}
	}

	@Test
	void temporaryFilesOfAnUploadAreGoneAfterTheResponse() throws Exception {
		HttpResponse<String> response = upload(BytePattern.bytes(23, 700));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.tempDir")).isEqualTo(tempDir().toString());
		List<String> during = JsonPath.read(response.body(), "$.tempFilesDuringRequest");
		assertThat(during).as("with a 0 threshold the file part was on disk while the request ran").isNotEmpty();
		assertThat(poll(() -> during.stream().noneMatch((file) -> Files.exists(Path.of(file)))))
			.as("temp files %s deleted within 2 s of the response", during)
			.isTrue();
	}

	/**
	 * The file part goes out in two pieces: the first, under the limit, is on disk before the second takes
	 * the part over the limit, so the refusal leaves a temp file behind unless the container removes it.
	 */
	@Test
	void temporaryFilesOfARefusedUploadAreGoneAfterTheResponse() throws Exception {
		Path tempDir = tempDir();
		byte[] body = multipartBody(BytePattern.bytes(24, 64 * 1024));
		int firstPiece = indexOf(body, "application/octet-stream\r\n\r\n") + 26 + 512;
		List<String> created = new ArrayList<>();
		try (WatchService watcher = tempDir.getFileSystem().newWatchService();
				RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			tempDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
			connection.send("POST /multipart/upload HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
					+ "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + body.length
					+ "\r\n\r\n");
			connection.send(Arrays.copyOfRange(body, 0, firstPiece));
			WatchKey key = watcher.poll(2, TimeUnit.SECONDS);
			assertThat(key).as("with a 0 threshold the file part goes to disk").isNotNull();
			key.pollEvents().forEach((event) -> created.add(tempDir.resolve((Path) event.context()).toString()));
			try {
				connection.send(Arrays.copyOfRange(body, firstPiece, body.length));
			}
			catch (SocketException ex) {
				// The server may refuse before it has read everything; its answer is what matters.
			}
			assertThat(connection.readHead().status()).as("refused (its status is checked on its own)")
				.isGreaterThanOrEqualTo(400);
		}
		assertThat(created).isNotEmpty();
		assertThat(poll(() -> created.stream().noneMatch((file) -> Files.exists(Path.of(file)))))
			.as("temp files %s deleted within 2 s of the response", created)
			.isTrue();
	}

	private static int indexOf(byte[] bytes, String text) {
		byte[] target = text.getBytes(StandardCharsets.US_ASCII);
		outer: for (int i = 0; i <= bytes.length - target.length; i++) {
			for (int j = 0; j < target.length; j++) {
				if (bytes[i + j] != target[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalArgumentException(text + " not found");
	}

	private Path tempDir() {
		ServletContext servletContext = this.context.getServletContext();
		return ((java.io.File) servletContext.getAttribute(ServletContext.TEMPDIR)).toPath();
	}

	private HttpResponse<String> upload(byte[] content) {
		return Http.send(HttpRequest.newBuilder(Http.uri(this.port, "/multipart/upload"))
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody(content)))
			.build());
	}

	/** A text field {@code note} and a file part {@code file} named {@code data.bin}. */
	private static byte[] multipartBody(byte[] content) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\na note\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(("--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	/** Polls for up to 2 s. */
	private static boolean poll(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + 2_000_000_000L;
		while (true) {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(20);
		}
	}

}
