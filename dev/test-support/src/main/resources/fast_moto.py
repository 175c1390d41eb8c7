"""moto_server whose DynamoDB Query costs O(partition), not O(table).

Usage (same arguments as moto_server):  python fast_moto.py -H 127.0.0.1 -p 5000
Run it with the Python interpreter that runs moto_server.

Why: moto's Table.query() takes its candidates from Table.all_items(), which builds
and sorts a list of every item in the table, then keeps the queried partition. A
Query therefore costs ~25 us per item in the whole table.

What this changes, and nothing else: while Table.query() runs, all_items() of that
table returns only the items that can match the Query's hash key:
  - table Query: the partition, one lookup in Table.items[hash_key]; with a sort key
    condition on string keys (=, <, <=, >, >=, BETWEEN, begins_with), only the run of
    the partition's sorted keys that can match, plus its neighbour on each side (moto's
    Limit and LastEvaluatedKey decisions look at the candidate after the last match);
  - index Query: the items whose index hash attribute(s) equal the queried value(s)
    (a linear pre-filter, no sort, no caches, so writes are always reflected).
The narrowed list is sorted exactly as all_items() sorts; every other step (key
conditions, sort, ExclusiveStartKey, Limit, filters, projection) is moto's own.

And the answers of GetItem, BatchGetItem, Query and Scan are written as JSON
directly (bytes as base64, None left out) instead of by moto's generic serializer,
which walks botocore's shapes for every attribute: 85 % of a 2,000-item Query's
time. The self-check compares both writers on a sample of every attribute type.

If moto's internals are not what this was written against (moto 5.2.x), or the
start-up self-check fails, it prints a WARNING and runs stock moto unchanged.
Set MOTO_FAST=false to run stock moto through this launcher.
"""

import base64
import bisect
import inspect
import json
import os
import sys
import threading

MARK_FAST = "fast_moto: Query candidates narrowed to the queried partition"
MARK_STOCK = "fast_moto: WARNING: running stock moto"

_EXPECTED_QUERY_PARAMS = ("self", "hash_key", "index_name", "hash_key_conditions")


def _log(message):
    print(message, file=sys.stderr, flush=True)


def _check_internals(table_cls):
    """Raises with a reason when the moto internals patched below are not as expected."""
    query = getattr(table_cls, "query", None)
    all_items = getattr(table_cls, "all_items", None)
    if not callable(query) or not callable(all_items):
        raise RuntimeError("moto.dynamodb.models.table.Table has no query()/all_items()")
    params = inspect.signature(query).parameters
    missing = [p for p in _EXPECTED_QUERY_PARAMS if p not in params]
    if missing:
        raise RuntimeError("Table.query() has no parameter(s) %s: %s" % (missing, list(params)))
    if list(inspect.signature(all_items).parameters) != ["self"]:
        raise RuntimeError("Table.all_items() takes arguments: %s" % inspect.signature(all_items))
    source = inspect.getsource(query)
    if "self.all_items()" not in source:
        raise RuntimeError("Table.query() no longer takes its candidates from self.all_items()")
    init_source = inspect.getsource(table_cls.__init__)
    if "self.items = defaultdict(dict)" not in init_source:
        raise RuntimeError("Table.items is no longer a defaultdict(dict) of partitions")


_STOCK = {}  # the methods replaced by install(), for _restore()


def _restore():
    """Puts moto's own methods back, so that moto runs exactly as shipped."""
    if _STOCK:
        from moto.dynamodb.models.table import Table
        Table.query = _STOCK["query"]
        Table.all_items = _STOCK["all_items"]
        if "serialize_result" in _STOCK:
            from moto.core.serialize import JSONSerializer
            JSONSerializer._serialize_result = _STOCK["serialize_result"]
        _STOCK.clear()


_PLAIN_OPERATIONS = ("GetItem", "BatchGetItem", "Query", "Scan")


def _plain(value):
    """A read's result as the JSON protocol writes it: bytes in base64, None members left out."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("utf-8")
    return value


def install_serializer():
    """Writes the reads' answers directly; returns moto's JSONSerializer class."""
    from moto.core.serialize import JSONSerializer
    stock = JSONSerializer._serialize_result

    def serialize_result(self, resp, result):
        if (self.service_model.service_name == "dynamodb" and self.operation_name in _PLAIN_OPERATIONS
                and isinstance(result, dict)):
            resp["body"] = json.dumps(_plain(result), indent=4 if self.pretty_print else None)
            resp["headers"]["Content-Type"] = self._get_protocol_specific_content_type()
            return resp
        return stock(self, resp, result)

    serialize_result.__wrapped__ = stock
    _STOCK["serialize_result"] = stock
    JSONSerializer._serialize_result = serialize_result
    return JSONSerializer


def _self_check_serializer(serializer_cls):
    """Both writers on a result with every attribute type: the same JSON, or stock moto."""
    from moto.core.responses import get_service_model
    model = get_service_model("dynamodb")
    item = {"pk": {"S": "P1"}, "n": {"N": "-12.50"}, "b": {"B": b"\x00\xffbin"}, "bs": {"BS": [b"a", b"\x01"]},
            "ss": {"SS": ["x", "y"]}, "ns": {"NS": ["1", "2.5"]}, "m": {"M": {"k": {"S": "v"}, "z": {"NULL": True}}},
            "l": {"L": [{"BOOL": False}, {"N": "3"}]}, "e": {"S": ""}}
    results = {
        "Query": {"Items": [item, {"pk": {"S": "P2"}}], "Count": 2, "ScannedCount": 3,
                  "LastEvaluatedKey": {"pk": {"S": "P2"}}, "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 0.5}},
        "Scan": {"Items": [], "Count": 0, "ScannedCount": 0},
        "GetItem": {"Item": item},
        "BatchGetItem": {"Responses": {"t": [item]}, "UnprocessedKeys": {}},
    }
    for operation, result in results.items():
        serializer = serializer_cls(operation_model=model.operation_model(operation))
        fast = serializer.serialize(result)
        stock = serializer_cls._serialize_result.__wrapped__(serializer, serializer._create_default_response(), result)
        if json.loads(fast["body"]) != json.loads(stock["body"]) or fast["headers"] != stock["headers"]:
            raise RuntimeError("self-check %s: fast %s != stock %s" % (operation, fast, stock))


def _sort_key(item):
    # the key Table.all_items() sorts with
    return (item.hash_key, item.range_key) if item.range_key else item.hash_key


def install():
    """Patches moto's Table; returns the Table class. Raises if moto is not as expected."""
    from moto.dynamodb.models.table import Table  # noqa: E402 (import cost is paid once, here)

    _check_internals(Table)
    stock_query = Table.query
    stock_all_items = Table.all_items
    query_params = inspect.signature(stock_query)
    local = threading.local()  # moto_server is threaded: the narrowing is per request

    def partition(table, hash_key):
        if hash_key is None:
            return None
        found = table.items.get(hash_key)  # .get: never create an empty partition
        if found is None:
            return []
        return list(found.values()) if table.range_key_attr else [found]

    def index_candidates(table, conditions):
        # conditions: [(attribute, DynamoType)], all must be equal, as in Table.query()
        items = []
        if table.range_key_attr:
            every = (item for part in table.items.values() for item in part.values())
        else:
            every = iter(table.items.values())
        (first_attr, first_value), rest = conditions[0], conditions[1:]
        raw_string = first_value.type == "S"
        wanted = first_value.value
        for item in every:
            value = item.attrs.get(first_attr)
            if value is None:
                continue
            if raw_string:
                if value.value != wanted or value.type != "S":
                    continue
            elif value != first_value:
                continue
            if rest and any(item.attrs.get(a) is None or item.attrs.get(a) != v for a, v in rest):
                continue
            items.append(item)
        return items

    def candidates(table, bound):
        index_name = bound.get("index_name")
        if not index_name:
            items = partition(table, bound.get("hash_key"))
            if items and bound.get("range_comparison") and not bound.get("filter_kwargs"):
                return sort_key_run(items, bound["range_comparison"], bound.get("range_objs") or [])
            return items
        conditions = bound.get("hash_key_conditions")
        if not conditions:
            return None  # unknown shape: let moto look at every item
        return index_candidates(table, list(conditions))

    def sort_key_run(items, comparison, objs):
        # The partition's items whose string sort key can satisfy the condition, by bisection on
        # the keys sorted as moto sorts them (str order), plus one neighbour on each side. Any
        # other shape (numbers, binary, a legacy QueryFilter) keeps the whole partition.
        if not objs or any(o.type != "S" for o in objs):
            return items
        keyed = []
        for item in items:
            key = item.range_key
            if key is None or key.type != "S":
                return items
            keyed.append((key.value, item))
        keyed.sort(key=lambda pair: pair[0])
        keys = [k for k, _ in keyed]
        op, v = comparison.upper(), [o.value for o in objs]
        if op == "BEGINS_WITH":
            lo = hi = bisect.bisect_left(keys, v[0])
            while hi < len(keys) and keys[hi].startswith(v[0]):
                hi += 1
        elif op == "BETWEEN" and len(v) == 2:
            lo, hi = bisect.bisect_left(keys, v[0]), bisect.bisect_right(keys, v[1])
        elif op in ("EQ", "="):
            lo, hi = bisect.bisect_left(keys, v[0]), bisect.bisect_right(keys, v[0])
        elif op in ("LT", "<"):
            lo, hi = 0, bisect.bisect_left(keys, v[0])
        elif op in ("LE", "<="):
            lo, hi = 0, bisect.bisect_right(keys, v[0])
        elif op in ("GT", ">"):
            lo, hi = bisect.bisect_right(keys, v[0]), len(keys)
        elif op in ("GE", ">="):
            lo, hi = bisect.bisect_left(keys, v[0]), len(keys)
        else:
            return items
        hi = max(lo, hi)
        return [item for _, item in keyed[max(0, lo - 1):min(len(keyed), hi + 1)]]

    def query(self, *args, **kwargs):
        narrowed = None
        try:
            bound = query_params.bind(self, *args, **kwargs).arguments
            narrowed = candidates(self, bound)
        except Exception as e:  # never fail a Query because of the shortcut
            _log("fast_moto: narrowing failed, stock Query used: %r" % (e,))
            narrowed = None
        if narrowed is None:
            return stock_query(self, *args, **kwargs)
        previous = getattr(local, "narrowed", None)
        local.narrowed = (self, narrowed)
        try:
            return stock_query(self, *args, **kwargs)
        finally:
            local.narrowed = previous

    def all_items(self):
        narrowed = getattr(local, "narrowed", None)
        if narrowed is not None and narrowed[0] is self:
            return sorted(narrowed[1], key=_sort_key)
        return stock_all_items(self)

    query.__wrapped__ = stock_query
    _STOCK.update(query=stock_query, all_items=stock_all_items)
    Table.query = query
    Table.all_items = all_items
    return Table


def _self_check(table_cls):
    """Runs a few Queries on an in-process table with and without the shortcut."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    table = table_cls(
        "fast-moto-self-check", account_id="123456789012", region="us-east-1",
        schema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        attr=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "g", "gs")],
        global_indexes=[{
            "IndexName": "g",
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "gs", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )
    for p in range(4):
        for s in range(5):
            attrs = {"pk": {"S": "P%d" % p}, "sk": {"S": "S%d" % s}}
            if s % 2 == 0:
                attrs["g"] = {"S": "G%d" % (s % 4)}
                attrs["gs"] = {"S": "%d-%d" % (p, s)}
            table.put_item(attrs)
    fast_query, stock_query = table_cls.query, table_cls.query.__wrapped__

    def keys(result):
        items, scanned, last = result
        return [(i.hash_key.value, i.range_key.value) for i in items], scanned, last

    cases = [
        dict(hash_key=DynamoType({"S": "P2"}), range_comparison=None, range_objs=[]),
        dict(hash_key=DynamoType({"S": "P9"}), range_comparison=None, range_objs=[]),
        dict(hash_key=DynamoType({"S": "P1"}), range_comparison="BEGINS_WITH", range_objs=[DynamoType({"S": "S"})],
             scan_index_forward=False, limit=2),
        dict(hash_key=DynamoType({"S": "P3"}), range_comparison="BETWEEN", range_objs=[DynamoType({"S": "S1"}),
             DynamoType({"S": "S3"})], limit=2),
        dict(hash_key=DynamoType({"S": "P0"}), range_comparison=">=", range_objs=[DynamoType({"S": "S2"})],
             scan_index_forward=False),
        dict(hash_key=DynamoType({"S": "P0"}), range_comparison="<", range_objs=[DynamoType({"S": "S2"})], limit=2),
        dict(hash_key=DynamoType({"S": "G0"}), range_comparison=None, range_objs=[], index_name="g",
             hash_key_conditions=[("g", DynamoType({"S": "G0"}))]),
        dict(hash_key=DynamoType({"S": "G2"}), range_comparison="BETWEEN", range_objs=[DynamoType({"S": "0"}),
             DynamoType({"S": "2"})], index_name="g", hash_key_conditions=[("g", DynamoType({"S": "G2"}))]),
    ]
    for case in cases:
        args = dict(limit=None, exclusive_start_key=None, scan_index_forward=True, projection_expressions=None)
        args.update(case)
        fast, stock = keys(fast_query(table, **args)), keys(stock_query(table, **args))
        if fast != stock:
            raise RuntimeError("self-check Query %r: fast %r != stock %r" % (case, fast, stock))
        if not fast[0] and case["hash_key"].value != "P9":
            raise RuntimeError("self-check Query %r found nothing" % (case,))


def main(argv):
    if os.environ.get("MOTO_FAST", "true").strip().lower() in ("false", "0", "no", "off"):
        _log(MARK_STOCK + " (MOTO_FAST=%s)" % os.environ["MOTO_FAST"])
    else:
        try:
            table_cls = install()
            _self_check(table_cls)
            _self_check_serializer(install_serializer())
            _log(MARK_FAST)
        except Exception as e:
            _restore()
            _log(MARK_STOCK + ": fast_moto.py does not fit this moto (%s). Every Query reads the whole table."
                 % (e,))
    from moto.server import main as moto_main
    return moto_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
