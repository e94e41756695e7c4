package dev.undertide.reactive;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * Spring's view of an undertow {@link HeaderMap}: reads and writes go straight to the exchange's headers,
 * so a request's headers are not copied into a map of Spring's own, and a response's need no copying at
 * commit. Names are case-insensitive, as in HTTP; a name's values are undertow's own live list.
 */
final class HeaderMapAdapter implements MultiValueMap<String, String> {

	private final HeaderMap headers;

	HeaderMapAdapter(HeaderMap headers) {
		this.headers = headers;
	}

	/** Well-known names resolve to undertow's constants, whose hash is precomputed. */
	private static HttpString name(String name) {
		return HttpString.tryFromString(name);
	}

	@Override
	public @Nullable String getFirst(String key) {
		return this.headers.getFirst(name(key));
	}

	@Override
	public void add(String key, @Nullable String value) {
		this.headers.add(name(key), value);
	}

	@Override
	public void addAll(String key, List<? extends String> values) {
		for (String value : values) {
			this.headers.add(name(key), value);
		}
	}

	@Override
	public void addAll(MultiValueMap<String, String> values) {
		values.forEach(this::addAll);
	}

	@Override
	public void set(String key, @Nullable String value) {
		this.headers.put(name(key), value);
	}

	@Override
	public void setAll(Map<String, String> values) {
		values.forEach(this::set);
	}

	@Override
	public Map<String, String> toSingleValueMap() {
		Map<String, String> single = new LinkedHashMap<>();
		for (HeaderValues values : this.headers) {
			single.put(values.getHeaderName().toString(), values.getFirst());
		}
		return single;
	}

	@Override
	public int size() {
		return this.headers.size();
	}

	@Override
	public boolean isEmpty() {
		return this.headers.size() == 0;
	}

	@Override
	public boolean containsKey(Object key) {
		return key instanceof String name && this.headers.contains(name(name));
	}

	@Override
	public boolean containsValue(Object value) {
		for (HeaderValues values : this.headers) {
			if (values.equals(value)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public @Nullable List<String> get(Object key) {
		return (key instanceof String name) ? this.headers.get(name(name)) : null;
	}

	@Override
	public @Nullable List<String> put(String key, List<String> values) {
		List<String> previous = removed(this.headers.remove(name(key)));
		this.headers.putAll(name(key), values);
		return previous;
	}

	@Override
	public @Nullable List<String> remove(Object key) {
		return (key instanceof String name) ? removed(this.headers.remove(name(name))) : null;
	}

	private static @Nullable List<String> removed(@Nullable Collection<String> values) {
		return (values != null) ? new ArrayList<>(values) : null;
	}

	@Override
	public void putAll(Map<? extends String, ? extends List<String>> map) {
		map.forEach(this::put);
	}

	@Override
	public void clear() {
		this.headers.clear();
	}

	@Override
	public Set<String> keySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<String> iterator() {
				Iterator<Entry<String, List<String>>> entries = entrySet().iterator();
				return new Iterator<>() {

					@Override
					public boolean hasNext() {
						return entries.hasNext();
					}

					@Override
					public String next() {
						return entries.next().getKey();
					}

					@Override
					public void remove() {
						entries.remove();
					}

				};
			}

			@Override
			public int size() {
				return HeaderMapAdapter.this.size();
			}

			@Override
			public boolean contains(Object key) {
				return containsKey(key);
			}

		};
	}

	@Override
	public Collection<List<String>> values() {
		List<List<String>> values = new ArrayList<>();
		this.headers.forEach(values::add);
		return values;
	}

	@Override
	public Set<Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, List<String>>> iterator() {
				// Over a snapshot of the names, so an entry can be removed while iterating.
				Iterator<HttpString> names = new ArrayList<>(HeaderMapAdapter.this.headers.getHeaderNames()).iterator();
				return new Iterator<>() {

					private @Nullable HttpString current;

					@Override
					public boolean hasNext() {
						return names.hasNext();
					}

					@Override
					public Entry<String, List<String>> next() {
						HttpString name = names.next();
						this.current = name;
						return new HeaderEntry(name);
					}

					@Override
					public void remove() {
						if (this.current == null) {
							throw new IllegalStateException("No current entry");
						}
						HeaderMapAdapter.this.headers.remove(this.current);
						this.current = null;
					}

				};
			}

			@Override
			public int size() {
				return HeaderMapAdapter.this.size();
			}

		};
	}

	@Override
	public String toString() {
		return this.headers.toString();
	}

	/** One name and its live values. */
	private final class HeaderEntry implements Entry<String, List<String>> {

		private final HttpString name;

		HeaderEntry(HttpString name) {
			this.name = name;
		}

		@Override
		public String getKey() {
			return this.name.toString();
		}

		@Override
		public List<String> getValue() {
			HeaderValues values = HeaderMapAdapter.this.headers.get(this.name);
			return (values != null) ? values : List.of();
		}

		@Override
		public List<String> setValue(List<String> values) {
			List<String> previous = removed(HeaderMapAdapter.this.headers.remove(this.name));
			HeaderMapAdapter.this.headers.putAll(this.name, values);
			return previous;
		}

	}

}
