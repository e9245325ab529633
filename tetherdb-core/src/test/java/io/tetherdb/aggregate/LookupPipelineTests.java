package io.tetherdb.aggregate;

import static io.tetherdb.aggregate.AggregationFixtures.canonical;
import static io.tetherdb.aggregate.AggregationFixtures.documents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * {@code $lookup} with {@code let} and {@code pipeline}: the three examples of MongoDB's manual (a
 * correlated subquery through {@code $expr}, an uncorrelated one, and MongoDB 5.0's concise form
 * that combines {@code localField}/{@code foreignField} with a pipeline), the equality that a
 * correlated pipeline gives to the foreign collection's index checked against the same lookup
 * without an index, nested lookups, and errors met while the pipeline runs.
 */
@ExtendWith(TetherTestExtension.class)
class LookupPipelineTests {

    private TetherDB db;

    @BeforeEach
    void open() {
        db = TetherDB.inMemory();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private TetherCollection collection(String name, String documents) {
        TetherCollection collection = db.collection(name);
        collection.putBatch(documents(documents));
        return collection;
    }

    @Test
    void correlatedSubqueryWithLetAndExprAsTheManualShows() {
        TetherCollection orders = collection("orders", """
                [{_id: '1', item: 'almonds', price: 12, ordered: 2},
                 {_id: '2', item: 'pecans', price: 20, ordered: 1},
                 {_id: '3', item: 'cookies', price: 10, ordered: 60}]""");
        collection("warehouses", """
                [{_id: '1', stock_item: 'almonds', warehouse: 'A', instock: 120},
                 {_id: '2', stock_item: 'pecans', warehouse: 'A', instock: 80},
                 {_id: '3', stock_item: 'almonds', warehouse: 'B', instock: 60},
                 {_id: '4', stock_item: 'cookies', warehouse: 'B', instock: 40},
                 {_id: '5', stock_item: 'cookies', warehouse: 'A', instock: 80}]""");
        String pipeline = """
                [{$lookup: {from: 'warehouses', let: {order_item: '$item', order_qty: '$ordered'},
                   pipeline: [{$match: {$expr: {$and: [{$eq: ['$stock_item', '$$order_item']},
                                                       {$gte: ['$instock', '$$order_qty']}]}}},
                              {$project: {stock_item: 0, _id: 0}}],
                   as: 'stockdata'}}]""";
        String expected = """
                [{_id: '1', item: 'almonds', price: 12, ordered: 2,
                  stockdata: [{warehouse: 'A', instock: 120}, {warehouse: 'B', instock: 60}]},
                 {_id: '2', item: 'pecans', price: 20, ordered: 1, stockdata: [{warehouse: 'A', instock: 80}]},
                 {_id: '3', item: 'cookies', price: 10, ordered: 60, stockdata: [{warehouse: 'A', instock: 80}]}]""";
        assertThat(canonical(orders.aggregate(pipeline).toList())).isEqualTo(canonical(documents(expected)));
        // the equality on the variable reaches the foreign collection's index: same answer
        db.collection("warehouses").createIndex("{stock_item: 1}");
        assertThat(canonical(orders.aggregate(pipeline).toList())).isEqualTo(canonical(documents(expected)));
    }

    @Test
    void uncorrelatedSubqueryAsTheManualShows() {
        TetherCollection absences = collection("absences", """
                [{_id: '1', student: 'Ann Aardvark', sickdays: [{$date: '2018-05-01T00:00:00Z'}, {$date: '2018-08-23T00:00:00Z'}]},
                 {_id: '2', student: 'Zoe Zebra', sickdays: [{$date: '2018-02-01T00:00:00Z'}, {$date: '2018-05-23T00:00:00Z'}]}]""");
        collection("holidays", """
                [{_id: '1', year: 2018, name: 'New Years', date: {$date: '2018-01-01T00:00:00Z'}},
                 {_id: '2', year: 2018, name: 'Pi Day', date: {$date: '2018-03-14T00:00:00Z'}},
                 {_id: '3', year: 2018, name: 'Ice Cream Day', date: {$date: '2018-07-15T00:00:00Z'}},
                 {_id: '4', year: 2017, name: 'New Years', date: {$date: '2017-01-01T00:00:00Z'}},
                 {_id: '5', year: 2017, name: 'Ice Cream Day', date: {$date: '2017-07-16T00:00:00Z'}}]""");
        List<Document> results = absences.aggregate("""
                [{$lookup: {from: 'holidays',
                   pipeline: [{$match: {year: 2018}}, {$project: {_id: 0, date: {name: '$name', date: '$date'}}},
                              {$replaceRoot: {newRoot: '$date'}}],
                   as: 'holidays'}}]""").toList();
        String holidays = "[{name: 'New Years', date: {$date: '2018-01-01T00:00:00Z'}},"
                + " {name: 'Pi Day', date: {$date: '2018-03-14T00:00:00Z'}},"
                + " {name: 'Ice Cream Day', date: {$date: '2018-07-15T00:00:00Z'}}]";
        assertThat(results).hasSize(2);
        for (Document result : results) {
            assertThat(canonical(result.get("holidays"))).isEqualTo(canonical(documents(holidays)));
        }
        assertThat(results.get(1)).containsEntry("student", "Zoe Zebra");
    }

    @Test
    void conciseCorrelatedSubqueryAsTheManualShows() {
        collection("restaurants", """
                [{_id: '1', name: 'American Steak House', food: ['filet', 'sirloin'], beverages: ['beer', 'wine']},
                 {_id: '2', name: 'Honest John Pizza', food: ['cheese pizza', 'pepperoni pizza'], beverages: ['soda']}]""");
        TetherCollection orders = collection("orders", """
                [{_id: '1', item: 'filet', restaurant_name: 'American Steak House'},
                 {_id: '2', item: 'cheese pizza', restaurant_name: 'Honest John Pizza', drink: 'lemonade'},
                 {_id: '3', item: 'cheese pizza', restaurant_name: 'Honest John Pizza', drink: 'soda'}]""");
        List<Document> results = orders.aggregate("""
                [{$lookup: {from: 'restaurants', localField: 'restaurant_name', foreignField: 'name',
                   let: {orders_drink: '$drink'},
                   pipeline: [{$match: {$expr: {$in: ['$$orders_drink', '$beverages']}}}],
                   as: 'matches'}}]""").toList();
        assertThat(canonical(results)).isEqualTo(canonical(documents("""
                [{_id: '1', item: 'filet', restaurant_name: 'American Steak House', matches: []},
                 {_id: '2', item: 'cheese pizza', restaurant_name: 'Honest John Pizza', drink: 'lemonade', matches: []},
                 {_id: '3', item: 'cheese pizza', restaurant_name: 'Honest John Pizza', drink: 'soda',
                  matches: [{_id: '2', name: 'Honest John Pizza', food: ['cheese pizza', 'pepperoni pizza'],
                             beverages: ['soda']}]}]""")));
    }

    @Test
    void theEqualityGivenToTheIndexFindsNoMoreThanTheExprDoes() {
        // values the index equality matches but $expr's $eq does not: array elements, null for a
        // missing field, 1 for 1.0 (which $eq does match)
        collection("things", """
                [{_id: 'a', k: 1}, {_id: 'b', k: 1.0}, {_id: 'c', k: [1, 2]}, {_id: 'd', k: null}, {_id: 'e'},
                 {_id: 'f', k: 'x'}, {_id: 'g', k: {v: 1}}]""");
        TetherCollection probes = collection("probes", """
                [{_id: 'p1', v: 1}, {_id: 'p2', v: null}, {_id: 'p3'}, {_id: 'p4', v: [1, 2]}, {_id: 'p5', v: {v: 1}}]""");
        String pipeline = "[{$lookup: {from: 'things', let: {v: '$v'}, pipeline: [{$match: {$expr: {$eq: ['$k', '$$v']}}},"
                + " {$project: {_id: 1}}], as: 'found'}}, {$project: {ids: '$found._id'}}]";
        List<Document> withoutIndex = probes.aggregate(pipeline).toList();
        db.collection("things").createIndex("{k: 1}");
        List<Document> withIndex = probes.aggregate(pipeline).toList();
        assertThat(canonical(withIndex)).isEqualTo(canonical(withoutIndex));
        assertThat(canonical(withIndex)).isEqualTo(canonical(documents("""
                [{_id: 'p1', ids: ['a', 'b']}, {_id: 'p2', ids: ['d']}, {_id: 'p3', ids: ['e']},
                 {_id: 'p4', ids: ['c']}, {_id: 'p5', ids: ['g']}]""")));
    }

    @Test
    void aCorrelatedLookupAgreesWithTheEqualityFormOnRandomData() {
        Random random = new Random(16);
        List<Map<String, ?>> customers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            customers.add(Map.of("_id", "c" + i, "cid", random.nextInt(60), "name", "n" + i));
        }
        List<Map<String, ?>> orders = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            orders.add(Map.of("_id", "o" + i, "cid", random.nextInt(80)));
        }
        db.collection("customers").putBatch(customers);
        TetherCollection orderCollection = db.collection("orders");
        orderCollection.putBatch(orders);
        String equality = "[{$lookup: {from: 'customers', localField: 'cid', foreignField: 'cid', as: 'c'}}]";
        String correlated = "[{$lookup: {from: 'customers', let: {cid: '$cid'},"
                + " pipeline: [{$match: {$expr: {$eq: ['$$cid', '$cid']}}}], as: 'c'}}]";
        String concise = "[{$lookup: {from: 'customers', localField: 'cid', foreignField: 'cid', let: {n: '$cid'},"
                + " pipeline: [{$match: {$expr: {$gte: ['$cid', '$$n']}}}], as: 'c'}}]";
        String expected = canonical(orderCollection.aggregate(equality).toList());
        assertThat(canonical(orderCollection.aggregate(correlated).toList())).isEqualTo(expected);
        assertThat(canonical(orderCollection.aggregate(concise).toList())).isEqualTo(expected);
        db.collection("customers").createIndex("{cid: 1}");
        assertThat(canonical(orderCollection.aggregate(correlated).toList())).isEqualTo(expected);
        assertThat(canonical(orderCollection.aggregate(concise).toList())).isEqualTo(expected);
    }

    @Test
    void aNestedLookupSeesTheVariablesOfTheOneAroundIt() {
        TetherCollection orders = collection("orders", "[{_id: 'o1', item: 'almonds', city: 'Oslo'}]");
        collection("warehouses", "[{_id: 'w1', stock_item: 'almonds', city: 'Oslo'}, {_id: 'w2', stock_item: 'almonds', city: 'Rome'}]");
        collection("trucks", "[{_id: 't1', city: 'Oslo', warehouse: 'w1'}, {_id: 't2', city: 'Rome', warehouse: 'w1'},"
                + " {_id: 't3', city: 'Oslo', warehouse: 'w2'}]");
        List<Document> results = orders.aggregate("""
                [{$lookup: {from: 'warehouses', let: {item: '$item', city: '$city'},
                   pipeline: [{$match: {$expr: {$eq: ['$stock_item', '$$item']}}},
                              {$lookup: {from: 'trucks', let: {w: '$_id'},
                                 pipeline: [{$match: {$expr: {$and: [{$eq: ['$warehouse', '$$w']},
                                                                     {$eq: ['$city', '$$city']}]}}},
                                            {$project: {_id: 1}}],
                                 as: 'trucks'}},
                              {$project: {trucks: '$trucks._id'}}],
                   as: 'stock'}}]""").toList();
        assertThat(canonical(results.get(0).get("stock"))).isEqualTo(canonical(documents(
                "[{_id: 'w1', trucks: ['t1']}, {_id: 'w2', trucks: ['t3']}]")));
    }

    @Test
    void exprInALeadingMatchStillLetsTheRestUseTheIndex() {
        TetherCollection items = collection("items", "[{_id: 'a', n: 1, m: 2}, {_id: 'b', n: 3, m: 2}, {_id: 'c', n: 5, m: 9}]");
        items.createIndex("{m: 1}");
        assertThat(items.aggregate("[{$match: {m: 2, $expr: {$gt: ['$n', '$m']}}}, {$sort: {n: -1}}]").toList())
                .extracting(Document::getId).containsExactly("b");
        Document cursor = (Document) ((Document) items.aggregate("[{$match: {m: 2, $expr: {$gt: ['$n', '$m']}}}]")
                .explain().getList("stages").get(0)).get("$cursor");
        assertThat(cursor.getDocument("plan").getString("stage")).isEqualTo("IXSCAN");
        assertThat(items.aggregate("[{$match: {$or: [{n: 1}, {$expr: {$eq: ['$n', {$add: ['$m', 3]}]}}]}}]").toList())
                .extracting(Document::getId).containsExactly("a");
    }

    @Test
    void anErrorInTheSubPipelineNamesItsStage() {
        TetherCollection orders = collection("orders", "[{_id: 'o1', n: 0}]");
        collection("things", "[{_id: 't1', n: 1}]");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> orders.aggregate("[{$lookup: {from: 'things', let: {d: '$n'},"
                        + " pipeline: [{$project: {x: {$divide: ['$n', '$$d']}}}], as: 'x'}}]").toList())
                .withMessageContaining("can't $divide by zero");
    }
}
