package dev.undertide.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one benchmark application, compiled unchanged into every Spring variant
 * (tomcat-mvc, jetty-mvc, netty-webflux, undertide-mvc, undertide-webflux).
 * Which web server and which web stack run is decided purely by the variant's dependencies.
 */
@SpringBootApplication
public class BenchApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchApplication.class, args);
	}

}
