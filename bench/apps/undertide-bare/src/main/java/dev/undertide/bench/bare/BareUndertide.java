package dev.undertide.bench.bare;

import dev.undertide.server.UndertideServer;

/**
 * The endpoints of {@link BareEndpoints} on Undertide's {@link UndertideServer}, no Spring, no servlet:
 * beside {@code undertow-bare} it shows what Undertide's handler chain (request ids, in-flight count,
 * lingering close, request-head limit, statistics) costs over raw undertow-core. The server is built as
 * the Spring Boot factory builds it with Boot's defaults, so with Boot's 8 KiB request-head limit.
 */
public final class BareUndertide {

	/** Spring Boot's default {@code server.max-http-request-header-size}. */
	private static final int MAX_REQUEST_HEAD_SIZE = 8 * 1024;

	private BareUndertide() {
	}

	public static void main(String[] args) {
		int port = Integer.getInteger("server.port", 8080);
		String address = System.getProperty("server.address", "127.0.0.1");
		UndertideServer server = UndertideServer.builder()
			.host(address)
			.port(port)
			.maxRequestHeadSize(MAX_REQUEST_HEAD_SIZE)
			.handler(BareEndpoints.routes())
			.build();
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "undertide-stop"));
		System.out.println("undertide-bare listening on http://" + address + ":" + port);
	}

}
