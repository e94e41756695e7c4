package dev.undertide.bench.bare;

import io.undertow.Undertow;

/**
 * The baseline: the endpoints of {@link BareEndpoints} on plain undertow-core 2.4.4.Final, no Spring,
 * no servlet. Undertow's defaults are used for everything (I/O threads = max(CPUs, 2), buffers,
 * options).
 */
public final class BareUndertow {

	private BareUndertow() {
	}

	public static void main(String[] args) {
		int port = Integer.getInteger("server.port", 8080);
		String address = System.getProperty("server.address", "127.0.0.1");
		Undertow server = Undertow.builder().addHttpListener(port, address).setHandler(BareEndpoints.routes()).build();
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "undertow-stop"));
		System.out.println("undertow-bare listening on http://" + address + ":" + port);
	}

}
