package dev.undertide.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.MultiPartParserDefinition;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code multipart/form-data} body with undertow's parser under a servlet's
 * {@link MultipartConfigElement}: its location, file size threshold and the per-file and per-request
 * limits. Exceeding a limit fails with an exception that says so, which Spring turns into 413.
 */
final class MultipartParts {

	private MultipartParts() {
	}

	static List<UploadedPart> parse(HttpServerExchange exchange, MultipartConfigElement config, Path tempDirectory,
			@Nullable String characterEncoding) throws IOException, ServletException {
		Path location = location(config, tempDirectory);
		MultiPartParserDefinition definition = new MultiPartParserDefinition(location);
		definition.setDefaultEncoding((characterEncoding != null) ? characterEncoding : "UTF-8");
		if (config.getMaxFileSize() > 0) {
			definition.setMaxIndividualFileSize(config.getMaxFileSize());
		}
		definition.setFileSizeThreshold(Math.max(config.getFileSizeThreshold(), 0));
		if (config.getMaxRequestSize() > 0) {
			exchange.setMaxEntitySize(config.getMaxRequestSize());
		}
		FormDataParser parser = definition.create(exchange);
		if (parser == null) {
			throw new ServletException("The request is not multipart/form-data with a boundary");
		}
		FormData data = parser.parseBlocking();
		List<UploadedPart> parts = new ArrayList<>();
		for (String name : data) {
			for (FormData.FormValue value : data.get(name)) {
				parts.add(new UploadedPart(name, value, location));
			}
		}
		return parts;
	}

	private static Path location(MultipartConfigElement config, Path tempDirectory) throws IOException {
		String configured = config.getLocation();
		if (configured == null || configured.isEmpty()) {
			return tempDirectory;
		}
		Path location = Path.of(configured);
		if (!location.isAbsolute()) {
			location = tempDirectory.resolve(configured);
		}
		return Files.createDirectories(location);
	}

}
