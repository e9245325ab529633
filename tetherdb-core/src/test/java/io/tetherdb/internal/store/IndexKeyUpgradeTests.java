package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.internal.index.IndexKeyEncoder;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written before decimals: their number index keys had another encoding (the nearest double
 * and an 8-byte integer offset), and their indexes carry no key format. Opening such a file
 * rebuilds those indexes with the current keys, and a format 2 file becomes format 3, so that
 * indexed queries answer as a scan does. The old files are made here as the previous version
 * wrote them: a store written now, its index entries replaced by the previous encoder's keys and
 * its metadata set back.
 */
@ExtendWith(TetherTestExtension.class)
class IndexKeyUpgradeTests {

    private static final List<Object> NUMBERS = List.of(12, 12L, 12.0, 12.5, -3, 0.1, 9007199254740993L,
            9007199254740992.0, Long.MAX_VALUE, 0x1p63, Double.NaN, Double.NEGATIVE_INFINITY, -0.0);

    @TempDir
    Path dir;

    @Test
    void formatTwoFileGetsItsIndexesRebuiltAndBecomesFormatThree() {
        Path file = dir.resolve("format2.db");
        writeStore(file);
        rewriteAsPreviousVersion(file, "tether:meta2", true, "2");

        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            assertIndexedQueriesAnswerAsTheScan(db.collection("items"));
            db.collection("items").put(Map.of("v", new BigDecimal("12.50")), PutOptions.id("decimal"));
            assertThat(db.collection("items").count(Filters.eq("v", 12.5))).isEqualTo(2);
            assertThat(db.verify().isClean()).isTrue();
        }
        Map<String, String> meta = readMeta(file, "tether:meta2", true);
        assertThat(meta.get("format.version")).isEqualTo("3");
        assertThat(meta.get("index:items\0v_1")).contains("\"keys\":" + IndexKeyEncoder.KEY_FORMAT);
        try (TetherDB db = TetherDB.open(file)) {
            assertIndexedQueriesAnswerAsTheScan(db.collection("items"));
        }
    }

    @Test
    void formatOneFileGetsItsIndexesRebuiltAndStaysFormatOne() {
        Path file = dir.resolve("format1.db");
        Map<String, byte[]> records = new java.util.LinkedHashMap<>();
        for (int i = 0; i < NUMBERS.size(); i++) {
            String id = "d" + i;
            records.put(id, new RecordFormat(false, 256).pack(DocumentCodec.encode(id, Map.of("v", NUMBERS.get(i), "w", i % 2), null),
                    RecordFormat.NEVER));
        }
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            MVMap<String, String> meta = store.openMap("tether:meta", new MVMap.Builder<String, String>()
                    .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
            meta.put("format.version", "1");
            meta.put("collection:items", "{\"created\":1}");
            meta.put("index.sequence", "1");
            meta.put("index:items\0v_1", "{\"map\":\"index:1\",\"definition\":{\"name\":\"v_1\",\"key\":{\"v\":1}},"
                    + "\"multikey\":false}");
            store.openMap("docs:items", new MVMap.Builder<String, byte[]>()
                    .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)).putAll(records);
            store.openMap("expiry:items", new MVMap.Builder<byte[], byte[]>()
                    .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            MVMap<byte[], byte[]> index = store.openMap("index:1", new MVMap.Builder<byte[], byte[]>()
                    .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            for (int i = 0; i < NUMBERS.size(); i++) {
                byte[] id = ("d" + i).getBytes(StandardCharsets.UTF_8);
                index.put(IndexMap.entryKey(previousKey(NUMBERS.get(i)), id), id);
            }
        } finally {
            store.close();
        }

        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            assertThat(db.collection("items").listIndexes()).hasSize(1);
            assertIndexedQueriesAnswerAsTheScan(db.collection("items"));
            assertThat(db.verify().isClean()).isTrue();
        }
        Map<String, String> meta = readMeta(file, "tether:meta", false);
        assertThat(meta.get("format.version")).isEqualTo("1");
        assertThat(meta.get("index:items\0v_1")).contains("\"keys\":" + IndexKeyEncoder.KEY_FORMAT);
    }

    @Test
    void aCurrentFileIsNotRebuiltOnOpen() {
        Path file = dir.resolve("current.db");
        writeStore(file);
        Map<String, String> before = readMeta(file, "tether:meta2", true);
        try (TetherDB db = TetherDB.open(file)) {
            assertIndexedQueriesAnswerAsTheScan(db.collection("items"));
        }
        assertThat(before.get("format.version")).isEqualTo("3");
        assertThat(readMeta(file, "tether:meta2", true)).isEqualTo(before);
    }

    private static void writeStore(Path file) {
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection items = db.collection("items");
            items.createIndex("{v: 1}");
            items.createIndex("{w: 1, v: -1}");
            for (int i = 0; i < NUMBERS.size(); i++) {
                items.put(Map.of("v", NUMBERS.get(i), "w", i % 2), PutOptions.id("d" + i));
            }
            items.put(Map.of("v", List.of(1, 2.5)), PutOptions.id("array"));
        }
    }

    /** Replaces every index entry by the previous version's key, drops the key formats and sets the format. */
    private static void rewriteAsPreviousVersion(Path file, String metaName, boolean checked, String format) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            MVMap<String, String> meta = store.openMap(metaName, new MVMap.Builder<String, String>()
                    .keyType(checked ? CheckedDataType.STRING : StringDataType.INSTANCE)
                    .valueType(checked ? CheckedDataType.STRING : StringDataType.INSTANCE));
            meta.put("format.version", format);
            MVMap<String, byte[]> docs = store.openMap("docs:items", new MVMap.Builder<String, byte[]>()
                    .keyType(CheckedDataType.STRING).valueType(CheckedDataType.BYTES));
            for (String key : new ArrayList<>(meta.keySet())) {
                if (!key.startsWith("index:items\0")) {
                    continue;
                }
                Document info = Document.parse(meta.get(key));
                assertThat(info.remove("keys")).isEqualTo(IndexKeyEncoder.KEY_FORMAT);
                meta.put(key, info.toJson());
                MVMap<byte[], byte[]> index = store.openMap(info.getString("map"), new MVMap.Builder<byte[], byte[]>()
                        .keyType(CheckedDataType.BYTES).valueType(CheckedDataType.BYTES));
                boolean compound = key.endsWith("w_1_v_-1");
                index.clear();
                for (Map.Entry<String, byte[]> record : docs.entrySet()) {
                    Document document = RecordFormat.decode(record.getValue());
                    byte[] id = record.getKey().getBytes(StandardCharsets.UTF_8);
                    Object v = document.get("v");
                    for (Object element : v instanceof List<?> list ? list : List.of(v)) {
                        byte[] prefix = compound ? concat(previousKey(document.get("w")), invert(previousKey(element)))
                                : previousKey(element);
                        index.put(IndexMap.entryKey(prefix, id), id);
                    }
                }
            }
        } finally {
            store.close();
        }
        // the previous keys differ from the current ones: without the rebuild an indexed find misses
        assertThat(previousKey(12)).isNotEqualTo(IndexKeyEncoder.encode(12));
    }

    private static Map<String, String> readMeta(Path file, String metaName, boolean checked) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return new java.util.TreeMap<>(store.openMap(metaName, new MVMap.Builder<String, String>()
                    .keyType(checked ? CheckedDataType.STRING : StringDataType.INSTANCE)
                    .valueType(checked ? CheckedDataType.STRING : StringDataType.INSTANCE)));
        } finally {
            store.close();
        }
    }

    private static void assertIndexedQueriesAnswerAsTheScan(TetherCollection items) {
        List<Filter> filters = List.of(Filters.eq("v", 12), Filters.gt("v", 12), Filters.lte("v", 0.1),
                Filters.eq("v", 9007199254740993L), Filters.gte("v", 9007199254740992.0), Filters.eq("v", 0),
                Filters.lt("v", 0), Filters.in("v", 12.5, Long.MAX_VALUE), Filter.parse("{w: 1, v: {$gt: -5}}"));
        for (Filter filter : filters) {
            assertThat(items.find(filter).explain().stage()).as("%s", filter).isEqualTo("IXSCAN");
            List<String> indexed = items.query(filter).stream().map(Document::getId).sorted().toList();
            List<String> scanned = items.find().toList().stream().filter(filter::matches).map(Document::getId)
                    .sorted().toList();
            assertThat(indexed).as("%s", filter).isEqualTo(scanned).isNotEmpty();
        }
    }

    /** A value's key as the previous version encoded it: numbers as the nearest double and an 8-byte offset. */
    private static byte[] previousKey(Object value) {
        if (!(value instanceof Number number)) {
            return IndexKeyEncoder.encode(value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        double d = number.doubleValue();
        if (Double.isNaN(d)) {
            out.write(0);
            return out.toByteArray();
        }
        out.write(1);
        if (d == 0.0) {
            d = 0.0;
        }
        long bits = Double.doubleToLongBits(d);
        writeLong(out, bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
        long offset = 0;
        if (number instanceof Integer || number instanceof Long) {
            long l = number.longValue();
            offset = d >= 0x1p63 ? l - Long.MAX_VALUE - 1 : l - (long) d;
        }
        writeLong(out, offset ^ Long.MIN_VALUE);
        return out.toByteArray();
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] invert(byte[] bytes) {
        return IndexKeyEncoder.invert(bytes);
    }
}
