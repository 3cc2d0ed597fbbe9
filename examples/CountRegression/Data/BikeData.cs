namespace CountRegression.Data;

/// <summary>The bike-sharing hourly data split in time, with the hour each row stands for.</summary>
/// <param name="Train">2011 and the first half of 2012.</param>
/// <param name="Test">July to December 2012.</param>
/// <param name="TestTimes">The hour (date + hr) of each test row.</param>
public sealed record BikeData(CountData Train, CountData Test, DateTime[] TestTimes)
{
    /// <summary>
    /// Reads UCI's hour.csv. Features: reference-coded one-hot hr, weekday, mnth, season, weathersit and numeric temp,
    /// hum, windspeed (already scaled to [0, 1] by the data's authors); target cnt. casual and registered are never used:
    /// they sum to the target.
    /// </summary>
    public static BikeData Load(string path)
    {
        var csv = CsvTable.Read(path);
        var dates = csv.Dates("dteday", "yyyy-MM-dd");
        var hours = csv.Integers("hr");
        var all = new DesignMatrixBuilder(csv.RowCount)
            .OneHot("hr", hours, Enumerable.Range(0, 24).ToArray())
            .OneHot("weekday", csv.Integers("weekday"), Enumerable.Range(0, 7).ToArray())
            .OneHot("mnth", csv.Integers("mnth"), Enumerable.Range(1, 12).ToArray())
            .OneHot("season", csv.Integers("season"), [1, 2, 3, 4])
            .OneHot("weathersit", csv.Integers("weathersit"), [1, 2, 3, 4])
            .Numeric("temp", csv.Numbers("temp"))
            .Numeric("hum", csv.Numbers("hum"))
            .Numeric("windspeed", csv.Numbers("windspeed"))
            .Build(csv.Counts("cnt"));
        var splitDate = new DateTime(2012, 7, 1);
        var train = Enumerable.Range(0, all.Rows).Where(r => dates[r] < splitDate).ToArray();
        var test = Enumerable.Range(0, all.Rows).Where(r => dates[r] >= splitDate).ToArray();
        if (train.Length == 0 || test.Length == 0)
            throw new InvalidDataException($"{path}: expected rows before and after {splitDate:yyyy-MM-dd}, got {train.Length} and {test.Length}.");
        return new BikeData(all.Select(train), all.Select(test), test.Select(r => dates[r].AddHours(hours[r])).ToArray());
    }

    /// <summary>Indices of the test rows in the first whole Monday-to-Sunday week of the test period.</summary>
    public int[] FirstTestWeek()
    {
        var monday = TestTimes[0].Date;
        while (monday.DayOfWeek != DayOfWeek.Monday || monday < TestTimes[0]) monday = monday.AddDays(1);
        var end = monday.AddDays(7);
        return Enumerable.Range(0, TestTimes.Length).Where(r => TestTimes[r] >= monday && TestTimes[r] < end).ToArray();
    }
}
