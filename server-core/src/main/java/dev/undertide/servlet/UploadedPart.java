package dev.undertide.servlet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.undertow.server.handlers.form.FormData;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

/**
 * One part of a {@code multipart/form-data} request, backed by what undertow's parser kept: a temporary
 * file, bytes in memory, or a form field's text. Temporary files are deleted when the exchange ends.
 */
final class UploadedPart implements Part {

	private final String name;

	private final FormData.FormValue value;

	private final @Nullable Path location;

	UploadedPart(String name, FormData.FormValue value, @Nullable Path location) {
		this.name = name;
		this.value = value;
		this.location = location;
	}

	@Override
	public InputStream getInputStream() throws IOException {
		if (this.value.isFileItem()) {
			return this.value.getFileItem().getInputStream();
		}
		return new ByteArrayInputStream(this.value.getValue().getBytes(charset()));
	}

	/** A form field's text, or null for a file. */
	@Nullable String textValue() {
		return this.value.isFileItem() ? null : this.value.getValue();
	}

	private Charset charset() {
		String charset = this.value.getCharset();
		return (charset != null) ? Charset.forName(charset) : StandardCharsets.UTF_8;
	}

	@Override
	public @Nullable String getContentType() {
		return getHeader("Content-Type");
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public @Nullable String getSubmittedFileName() {
		return this.value.getFileName();
	}

	@Override
	public long getSize() {
		try {
			return this.value.isFileItem() ? this.value.getFileItem().getFileSize()
					: this.value.getValue().getBytes(charset()).length;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Writes the part to a file; a relative name is resolved against the multipart location. */
	@Override
	public void write(String fileName) throws IOException {
		Path target = Path.of(fileName);
		if (!target.isAbsolute() && this.location != null) {
			target = this.location.resolve(fileName);
		}
		if (this.value.isFileItem()) {
			this.value.getFileItem().write(target);
		}
		else {
			Files.writeString(target, this.value.getValue(), charset());
		}
	}

	@Override
	public void delete() throws IOException {
		if (this.value.isFileItem()) {
			this.value.getFileItem().delete();
		}
	}

	@Override
	public @Nullable String getHeader(String name) {
		return (this.value.getHeaders() != null) ? this.value.getHeaders().getFirst(name) : null;
	}

	@Override
	public Collection<String> getHeaders(String name) {
		HeaderValues values = (this.value.getHeaders() != null) ? this.value.getHeaders().get(name) : null;
		return (values != null) ? new ArrayList<>(values) : List.of();
	}

	@Override
	public Collection<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		if (this.value.getHeaders() != null) {
			for (HttpString header : this.value.getHeaders().getHeaderNames()) {
				names.add(header.toString());
			}
		}
		return names;
	}

}
