using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Tool.CodeGen;
using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Core.Schema;
using MlOps.Tests.Shared;

namespace MlOps.Engine.Tests;

/// <summary>
/// The generated typed API feeds the model by the feature contract. Its conversions are C# text the generator prints
/// from the contract (the code cannot call MlOps.Core); compiled, they must give what <see cref="FeatureRule.FromTyped"/>
/// gives for edge values, and, for every row of every shared dataset, the inputs training gave the model.
/// </summary>
[TestClass]
public sealed class TypedApiContractTests
{
    private const string Resource = "MlOps.model.zip";

    [TestMethod]
    public void PrintedConversionsAreTheContractsOwn()
    {
        var schema = new DataSchema
        {
            Label = "y", Task = MlTask.Regression,
            Columns =
            [
                new() { Name = "n", Kind = ColumnKind.Numeric }, new() { Name = "b", Kind = ColumnKind.Boolean },
                new() { Name = "c", Kind = ColumnKind.Categorical }, new() { Name = "t", Kind = ColumnKind.Text },
                new() { Name = "y", Kind = ColumnKind.Numeric },
            ],
        };
        var api = Compile(schema);
        (string Column, object?[] Values)[] cases =
        [
            ("n", [null, 1.5f, -0f, 0.1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon]),
            ("b", [null, true, false]),
            ("c", [null, "", "a", " spaced "]),
            ("t", [null, "", "two words"]),
        ];
        foreach (var (column, values) in cases)
        foreach (var value in values)
        {
            var rule = FeatureRule.For(schema.Find(column)!.Kind);
            var input = api.NewInput();
            api.Set(input, column, value);
            Assert.AreEqual(ModelInput(rule.FromTyped(value), rule), api.ToRow(input)[column], $"{column} = {value ?? "null"}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(SharedDataset.Names), typeof(SharedDataset))]
    public void TypedInputsGiveTheTrainingInputs(string name) => AssertSameInputs(SharedDataset.Named(name).Load());

    [TestMethod]
    public void HeartZeroOneColumnsAsBooleans() => AssertSameInputs(SharedDataset.HeartWithBooleans());

    private static void AssertSameInputs((TabularData Train, TabularData Test, DataSchema Schema) dataset)
    {
        var api = Compile(dataset.Schema);
        AssertSameInputs(api, dataset.Train, dataset.Schema);
        AssertSameInputs(api, dataset.Test, dataset.Schema);
    }

    /// <summary>
    /// Each row as a caller would set the typed properties: the cell's value as the property's type (null where the
    /// contract reads the cell as missing or invalid), then the generated conversion against the engine's IDataView.
    /// </summary>
    private static void AssertSameInputs(Api api, TabularData data, DataSchema schema)
    {
        var view = DataViewFactory.Create(data, schema, includeLabel: false);
        var features = schema.Features.ToList();
        var trained = features.Select(f => FeatureRule.For(f.Kind).InputType == ModelInputType.Single
            ? view.GetColumn<float>(f.Name).Select(v => (object)v).ToArray()
            : view.GetColumn<ReadOnlyMemory<char>>(f.Name).Select(m => (object)m.ToString()).ToArray()).ToArray();
        var cells = features.Select(f => data.Column(f.Name)).ToArray();
        for (var r = 0; r < data.RowCount; r++)
        {
            var input = api.NewInput();
            for (var i = 0; i < features.Count; i++) api.Set(input, features[i].Name, Typed(features[i].Kind, cells[i][r]));
            var row = api.ToRow(input);
            for (var i = 0; i < features.Count; i++)
                if (!Same(trained[i][r], row[features[i].Name]))
                    Assert.Fail($"{data.Path} row {r} '{features[i].Name}' ('{cells[i][r]}'): trained on {trained[i][r]}, the typed API gives {row[features[i].Name]}.");
        }
    }

    private static object? Typed(ColumnKind kind, string? cell)
    {
        var value = FeatureRule.For(kind).FromText(cell);
        if (value.State != FeatureValueState.Present) return null;
        return kind switch
        {
            ColumnKind.Numeric => value.Number,
            ColumnKind.Boolean => value.Number == 1,
            _ => cell,
        };
    }

    /// <summary>What the model gets: the Single, or the text with missing as empty.</summary>
    private static object ModelInput(FeatureValue value, FeatureRule rule) =>
        rule.InputType == ModelInputType.Single ? value.Number : value.Text ?? "";

    private static bool Same(object trained, object? given) => (trained, given) switch
    {
        (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
        (string a, string b) => a == b,
        _ => false,
    };

    private static Api Compile(DataSchema schema)
    {
        var facts = new ApiFacts("1.0.0", "Sdca", "RSquared", 0.5, "abc", "0.0.0-test");
        var source = ApiGenerator.Generate(schema, facts, new ApiSettings("Contract.Check", "Check", Resource));
        // ToRow never loads the model: any bytes do for the embedded resource.
        var zip = Path.GetTempFileName();
        try { return new Api(ApiCompiler.Compile(source, zip, Resource), ApiGenerator.Properties(schema, "Check")); }
        finally { File.Delete(zip); }
    }

    /// <summary>The compiled API's input class and its private ToRow/Row, through reflection (they exist only at run time).</summary>
    private sealed class Api
    {
        private readonly Type _input;
        private readonly Type _row;
        private readonly MethodInfo _toRow;
        private readonly Dictionary<string, PropertyInfo> _properties = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FieldInfo> _fields = new(StringComparer.Ordinal);

        public Api(Assembly assembly, IReadOnlyList<ApiProperty> properties)
        {
            _input = assembly.GetType("Contract.Check.CheckInput", throwOnError: true)!;
            var model = assembly.GetType("Contract.Check.CheckModel", throwOnError: true)!;
            _row = model.GetNestedType("Row", BindingFlags.NonPublic)!;
            _toRow = model.GetMethod("ToRow", BindingFlags.NonPublic | BindingFlags.Static)!;
            for (var i = 0; i < properties.Count; i++)
            {
                _properties[properties[i].Column.Name] = _input.GetProperty(properties[i].Name)!;
                _fields[properties[i].Column.Name] = _row.GetField($"F{i}")!;
            }
        }

        public object NewInput() => Activator.CreateInstance(_input)!;

        public void Set(object input, string column, object? value) => _properties[column].SetValue(input, value);

        /// <summary>The generated conversion of the input: column name -> the model input field's value.</summary>
        public Dictionary<string, object?> ToRow(object input)
        {
            var row = Activator.CreateInstance(_row)!;
            _toRow.Invoke(null, [input, row]);
            return _fields.ToDictionary(kv => kv.Key, kv => kv.Value.GetValue(row));
        }
    }
}
