using System.Globalization;
using System.Text;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>Small deterministic datasets for tests that need a quick, valid training run.</summary>
public static class SyntheticData
{
    private static readonly string[] Cities = ["Oslo", "Rome", "Lima", "Kyiv"];

    /// <summary>size,rooms,city,price with price a noisy function of the other three; sizes drawn from [minSize, maxSize).</summary>
    public static string HousePrices(int rows, int seed, int minSize = 30, int maxSize = 200)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("size,rooms,city,price\n");
        for (var i = 0; i < rows; i++)
        {
            var size = random.Next(minSize, maxSize);
            var rooms = 1 + size / 40 + random.Next(0, 2);
            var city = random.Next(Cities.Length);
            var price = size * (2.0 + city * 0.5) + rooms * 10 + random.NextDouble() * 20;
            csv.Append(CultureInfo.InvariantCulture, $"{size},{rooms},{Cities[city]},{price:0.00}\n");
        }
        return csv.ToString();
    }
}
