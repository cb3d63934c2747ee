using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Serving.Input;

namespace MlOps.Serving.Capture;

/// <summary>
/// What a request row carries besides model inputs: its prediction id (the client's <c>id</c> field or column, else
/// the service's), its sequence number (<see cref="PredictionIds.Reserve"/>) and, while capture is on, the raw text of
/// the schema's non-feature columns (<see cref="CaptureColumns.Others"/>). A client id that cannot be used becomes a
/// <see cref="FieldError"/> on field "id" (422, MLOPS6030). With MLOPS_ROUTING_COLUMN set, also that column's text: the
/// row's canary routing key.
/// </summary>
/// <param name="ClientId">True when <see cref="Id"/> is the client's.</param>
/// <param name="RoutingValue">The text of the routing column, null when unset or missing.</param>
public readonly record struct RowExtras(string Id, long Sequence, bool ClientId, string?[]? Others, string? RoutingValue = null)
{
    public const string IdField = "id";

    public sealed class Reader(PredictionIds ids, CaptureColumns columns, ServingOptions options)
    {
        private readonly bool _others = options.CaptureDir is not null && columns.Others.Count > 0;
        private readonly string? _routing = options.RoutingColumn;

        /// <param name="fallbackId">The X-Correlation-Id header of a single-row request; the row's own id wins.</param>
        public RowExtras Read(JsonElement item, int? row, string? fallbackId, List<FieldError> errors)
        {
            if (item.ValueKind != JsonValueKind.Object) return Checked(null, null, row, errors);
            var id = item.TryGetProperty(IdField, out var value) ? value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number when value.TryGetInt64(out _) => value.GetRawText(),
                _ => Invalid(row, $"Expected a string or a whole number, got {Core.Features.FeatureRule.Describe(value.ValueKind)}.", errors),
            } : null;
            string?[]? others = null;
            if (_others)
            {
                others = new string?[columns.Others.Count];
                for (var k = 0; k < others.Length; k++) others[k] = Text(item, columns.Others[k]);
            }
            return Checked(id ?? fallbackId, others, row, errors) with { RoutingValue = _routing is null ? null : Text(item, _routing) };
        }

        /// <summary>A field's value as text (strings as they are, other values as their JSON); null when absent or null.</summary>
        private static string? Text(JsonElement item, string name) => item.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.Null => null, JsonValueKind.String => v.GetString(), _ => v.GetRawText() }
            : null;

        /// <summary>CSV: an <c>id</c> column gives the ids (an empty cell: a new one).</summary>
        public List<RowExtras> Read(CsvRows.Table table, List<FieldError> errors)
        {
            var idColumn = IndexOf(table, IdField);
            var otherColumns = _others ? columns.Others.Select(o => IndexOf(table, o)).ToArray() : null;
            var routingColumn = _routing is null ? -1 : IndexOf(table, _routing);
            var result = new List<RowExtras>(table.Rows.Count);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var cells = table.Rows[r];
                var others = otherColumns?.Select(c => c >= 0 ? cells[c] : null).ToArray();
                result.Add(Checked(idColumn >= 0 ? cells[idColumn] : null, others, r, errors) with
                {
                    RoutingValue = routingColumn >= 0 ? cells[routingColumn] : null,
                });
            }
            return result;
        }

        private RowExtras Checked(string? id, string?[]? others, int? row, List<FieldError> errors)
        {
            var sequence = ids.Reserve();
            if (id is null) return new RowExtras(ids.Format(sequence), sequence, false, others); // an empty CSV cell is null too
            if (PredictionIds.Problem(id) is { } problem) Invalid(row, problem, errors);
            return new RowExtras(id, sequence, true, others);
        }

        private static string? Invalid(int? row, string problem, List<FieldError> errors)
        {
            errors.Add(new FieldError(row, IdField, problem));
            return null;
        }

        private static int IndexOf(CsvRows.Table table, string name)
        {
            for (var c = 0; c < table.Header.Count; c++) if (table.Header[c] == name) return c;
            return -1;
        }
    }
}
