package io.tetherdb.internal.aggregate;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;

/**
 * A document as {@code $unwind} gives it for one element, read without copying: the input
 * document's fields, with one top-level field holding the element instead of the array. Reads
 * are answered from the input document; anything that walks the fields (or {@code $$ROOT}) gets
 * a copy. Read-only; not thread-safe, like the document it views.
 */
final class UnwoundView extends AbstractMap<String, Object> {

    private final Document document;
    private final String field;
    private final Object element;
    private Document copy;

    UnwoundView(Document document, String field, Object element) {
        this.document = document;
        this.field = field;
        this.element = element;
    }

    @Override
    public Object get(Object key) {
        return field.equals(key) ? element : document.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return field.equals(key) || document.containsKey(key);
    }

    @Override
    public int size() {
        return document.containsKey(field) ? document.size() : document.size() + 1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return java.util.Collections.unmodifiableMap(toDocument()).entrySet();
    }

    /** @return the unwound document as a document of its own, made once */
    Document toDocument() {
        if (copy == null) {
            copy = new Document(document);
            copy.put(field, element);
        }
        return copy;
    }
}
