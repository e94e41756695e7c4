package dev.undertide.boot.it.streaming;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring MVC application on the platform worker pool: downloads whose clients stopped reading hold more
 * threads than the pool has, and a quick request is still answered. The benchmark's figure is 200 downloads
 * of 32 MiB read at 1 MiB/s with the default pool; here, two worker threads and eight stalled downloads.
 */
class SlowClientTests {

	private static final int STALLED_DOWNLOADS = 8;

	@Test
	void quickRequestIsAnsweredWhileStalledDownloadsHoldMoreThreadsThanThePoolHas() throws IOException {
		List<Socket> downloads = new ArrayList<>();
		try (ConfigurableApplicationContext context = RunningApplications.start(DownloadApplication.class,
				"spring.main.web-application-type=servlet", "server.undertow.threads.worker=2",
				"server.shutdown=immediate")) {
			int port = RunningApplications.port(context);
			for (int i = 0; i < STALLED_DOWNLOADS; i++) {
				downloads.add(stalledDownload(port));
			}
			// Each download holds a thread blocked in a write: the pool has grown past its two threads.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> UndertideWebServer.of(context).getServer().getStatistics().workers().busy(),
						(busy) -> busy >= STALLED_DOWNLOADS);

			RawHttpConnection.Response quick = RawHttpConnection.get(port, "/quick");
			assertThat(quick.text()).isEqualTo("quick");
		}
		finally {
			for (Socket download : downloads) {
				download.close();
			}
		}
	}

	/** Asks for the large body with a small receive window, and never reads it. */
	private static Socket stalledDownload(int port) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", port));
		socket.getOutputStream()
			.write("GET /download HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DownloadController.class)
	static class DownloadApplication {

	}

	@RestController
	static class DownloadController {

		private static final byte[] DOWNLOAD = new byte[32 * 1024 * 1024];

		@GetMapping("/download")
		byte[] download() {
			return DOWNLOAD;
		}

		@GetMapping("/quick")
		String quick() {
			return "quick";
		}

	}

}
