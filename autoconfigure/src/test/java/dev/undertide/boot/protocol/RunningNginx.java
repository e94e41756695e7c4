package dev.undertide.boot.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * nginx as a reverse proxy in front of running servers, for tests: a child process in a temporary
 * directory of its own (configuration, pid, logs and temp files), listening on a free loopback port, and
 * killed on {@link #close()}. Each upstream {@code name} is proxied under {@code /name/buffered/} and
 * {@code /name/unbuffered/}, over HTTP/1.1 with a pool of kept-alive connections.
 */
final class RunningNginx implements AutoCloseable {

	private static final List<Path> SEARCHED = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
			Path.of("/usr/local/nginx/sbin/nginx"));

	private final Process process;

	private final Path directory;

	private final int port;

	private RunningNginx(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Starts nginx in front of {@code upstreams} (name to port). Without nginx on the machine the caller's
	 * tests are skipped, except on CI ({@code CI=true}), which must install it ({@code .ci/run} does).
	 */
	static RunningNginx start(Map<String, Integer> upstreams) throws IOException, InterruptedException {
		Path executable = find().orElse(null);
		if (executable == null) {
			String message = "nginx is not installed (looked on the PATH and in /usr/sbin); install it with "
					+ "'apt-get install nginx-light' to run the reverse-proxy tests";
			if ("true".equals(System.getenv("CI"))) {
				fail(message + ". On CI it is required: .ci/run installs it.");
			}
			Assumptions.abort(message);
		}
		Path directory = Files.createTempDirectory("undertide-nginx");
		int port = freePort();
		Path conf = directory.resolve("nginx.conf");
		Files.writeString(conf, configuration(directory, port, upstreams));
		Process process = new ProcessBuilder(executable.toString(), "-p", directory.toString(), "-c", conf.toString(),
				"-e", directory.resolve("error.log").toString(), "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("stdout.log").toFile())
			.start();
		RunningNginx nginx = new RunningNginx(process, directory, port);
		nginx.awaitListening();
		return nginx;
	}

	private static Optional<Path> find() {
		Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "nginx"));
		return Stream.concat(onPath, SEARCHED.stream()).filter(Files::isExecutable).findFirst();
	}

	private static String configuration(Path directory, int port, Map<String, Integer> upstreams) {
		StringBuilder conf = new StringBuilder();
		// Workers of a root master would run as nobody, unable to write the temp files in this directory.
		if ("root".equals(System.getProperty("user.name"))) {
			conf.append("user root;\n");
		}
		conf.append("worker_processes 1;\n")
			.append("pid ").append(directory.resolve("nginx.pid")).append(";\n")
			.append("error_log ").append(directory.resolve("error.log")).append(" warn;\n")
			.append("events { worker_connections 256; }\n")
			.append("http {\n")
			.append("  access_log off;\n")
			.append("  client_max_body_size 0;\n");
		for (String temp : new String[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }) {
			conf.append("  ").append(temp).append("_temp_path ").append(directory.resolve(temp)).append(";\n");
		}
		upstreams.forEach((name, upstreamPort) -> conf.append("  upstream ").append(name)
			.append(" { server 127.0.0.1:").append(upstreamPort).append("; keepalive 8; }\n"));
		conf.append("  server {\n")
			.append("    listen 127.0.0.1:").append(port).append(";\n")
			.append("    proxy_http_version 1.1;\n")
			.append("    proxy_set_header Connection \"\";\n");
		upstreams.keySet().forEach((name) -> {
			for (boolean buffering : new boolean[] { true, false }) {
				String onOff = buffering ? "on" : "off";
				conf.append("    location /").append(name).append(buffering ? "/buffered/" : "/unbuffered/")
					.append(" { proxy_pass http://").append(name).append("/; proxy_buffering ").append(onOff)
					.append("; proxy_request_buffering ").append(onOff).append("; }\n");
			}
		});
		return conf.append("  }\n}\n").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitListening() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				String output = Files.readString(this.directory.resolve("stdout.log"));
				close();
				fail("nginx exited with " + this.process.exitValue() + ": " + output);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		close();
		fail("nginx did not listen on port " + this.port + " within 10 s");
	}

	int port() {
		return this.port;
	}

	/** What nginx logged at level warn and above so far. */
	String errorLog() throws IOException {
		Path log = this.directory.resolve("error.log");
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

	/** Stops nginx (its workers with it) and deletes its directory. */
	@Override
	public void close() throws IOException, InterruptedException {
		List<ProcessHandle> workers = this.process.descendants().toList();
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(5, TimeUnit.SECONDS);
		}
		workers.forEach(ProcessHandle::destroyForcibly);
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
