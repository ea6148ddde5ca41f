"""Export models to JSON lines: the ids from a listing (or the command line), fetched with get-bulk.

    python examples/bulk_export.py > models.jsonl                    # every model
    python examples/bulk_export.py model_a model_b -o two.jsonl      # just these

The listing walks every page lazily; get-bulk then fetches the full models (training images
included), and each is written as it is received, one JSON object per line, camelCase as on
the wire. Ids the server did not return are reported on stderr, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import IO

import msgspec

from scenario_async import AsyncScenario

ENCODER = msgspec.json.Encoder()


async def export(model_ids: list[str], output: IO[bytes]) -> int:
    async with AsyncScenario() as client:
        if not model_ids:
            model_ids = [model.id async for model in client.models.list(page_size=500)]
        response = await client.models.get_bulk(model_ids=model_ids, all_training_images=True)
        for model in response.models:
            output.write(ENCODER.encode(model) + b"\n")
        returned = {model.id for model in response.models}
        missing = [model_id for model_id in model_ids if model_id not in returned]
        print(f"exported {len(response.models)} model(s)", file=sys.stderr)
        if missing:
            print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 1 if missing else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_ids", nargs="*", help="default: every model of the listing")
    parser.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = parser.parse_args()
    stdout = contextlib.nullcontext(sys.stdout.buffer)
    with open(args.output, "wb") if args.output else stdout as output:
        code = asyncio.run(export(args.model_ids, output))
    sys.exit(code)
