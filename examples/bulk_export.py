"""Export models to JSON lines: the ids from a listing (or the command line), fetched with get-bulk.

    python examples/bulk_export.py > models.jsonl                    # every model
    python examples/bulk_export.py model_a model_b -o two.jsonl      # just these

The listing walks every page lazily and feeds its ids straight to `stream_bulk`, which fetches
the full models (training images included) chunk by chunk, so memory holds a few chunks however
many models there are. Each model is written as it arrives, one JSON object per line, camelCase
as on the wire. Ids the server did not return, models that did not decode and chunks that could
not be fetched are reported on stderr, and the exit status is then 1.
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
        ids = model_ids or (model.id async for model in client.models.list(page_size=500))
        exported, problems = 0, 0
        async with client.models.stream_bulk(ids, all_training_images=True) as chunks:
            async for chunk in chunks:
                for model in chunk.models:
                    output.write(ENCODER.encode(model) + b"\n")
                exported += len(chunk.models)
                if chunk.error is not None:
                    print(
                        f"not fetched: {', '.join(chunk.model_ids)}: {chunk.error}", file=sys.stderr
                    )
                for invalid in chunk.invalid:
                    print(f"not decodable: {invalid.model_id}: {invalid.error}", file=sys.stderr)
                if chunk.missing_ids:
                    print(f"not found: {', '.join(chunk.missing_ids)}", file=sys.stderr)
                problems += bool(chunk.error or chunk.invalid or chunk.missing_ids)
        print(f"exported {exported} model(s)", file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_ids", nargs="*", help="default: every model of the listing")
    parser.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = parser.parse_args()
    stdout = contextlib.nullcontext(sys.stdout.buffer)
    with open(args.output, "wb") if args.output else stdout as output:
        code = asyncio.run(export(args.model_ids, output))
    sys.exit(code)
