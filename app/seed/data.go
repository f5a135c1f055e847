package seed

import "cqshare/models"

// The demo data set: Chongqing's 33618 industry clusters, one industry-education consortium of
// each level with its member organizations, the three kinds of facility in each, and their
// equipment. Enterprises are fictional; their credit codes are generated with a valid check
// character.

type seedCluster struct {
	code, name, nameEn, tier string
}

var seedClusters = []seedCluster{
	{"icv_nev", "智能网联新能源汽车", "Intelligent Connected New Energy Vehicles", models.TierTrillion},
	{"electronics", "新一代电子信息制造业", "New-generation Electronic Information Manufacturing", models.TierTrillion},
	{"advanced_materials", "先进材料", "Advanced Materials", models.TierTrillion},
	{"smart_equipment", "智能装备及智能制造", "Intelligent Equipment and Intelligent Manufacturing", models.TierFiveHundredBillion},
	{"food_agri", "食品及农产品加工", "Food and Agricultural Product Processing", models.TierFiveHundredBillion},
	{"software", "软件信息服务", "Software and Information Services", models.TierFiveHundredBillion},
	{"new_display", "新型显示", "New Display", models.TierHundredBillion},
	{"motorcycle", "高端摩托车", "High-end Motorcycles", models.TierHundredBillion},
	{"light_alloy", "轻合金材料", "Light Alloy Materials", models.TierHundredBillion},
	{"light_textile", "轻纺", "Light Industry and Textiles", models.TierHundredBillion},
	{"biomedicine", "生物医药", "Biomedicine", models.TierHundredBillion},
	{"new_energy_storage", "新能源及新型储能", "New Energy and New Energy Storage", models.TierHundredBillion},
}

var seedQualifications = []models.Qualification{
	{Code: "laser_safety", Name: "激光切割安全操作证", NameEn: "Laser Cutting Safety Certificate", ValidMonths: 24},
	{Code: "five_axis", Name: "五轴加工中心操作资格", NameEn: "Five-axis Machining Center Operator Qualification", ValidMonths: 36},
	{Code: "electrician", Name: "电工作业证（低压）", NameEn: "Electrician Operation Certificate (Low Voltage)", ValidMonths: 72},
	{Code: "welding", Name: "焊工作业证", NameEn: "Welding Operation Certificate", ValidMonths: 36},
	{Code: "sem_operator", Name: "扫描电镜上机资格", NameEn: "SEM Operator Qualification", ValidMonths: 24},
	{Code: "metal_am", Name: "金属增材制造设备操作资格", NameEn: "Metal Additive Manufacturing Operator Qualification", ValidMonths: 24},
	{Code: "battery_safety", Name: "动力电池安全测试操作资格", NameEn: "Power Battery Safety Test Operator Qualification", ValidMonths: 24},
}

// seedIssuers are the facilities (indexes into the seeded facilities, in order) that issue a
// qualification: each the one whose equipment alone requires it. laser_safety and electrician,
// required in several facilities, are city-wide: admins grant them.
var seedIssuers = map[string]int{"five_axis": 0, "battery_safety": 1, "metal_am": 6, "sem_operator": 10, "welding": 11}

// seedOrg is an organization; area is the administrative division code its credit code carries.
type seedOrg struct {
	key, name, nameEn, kind, area string
	sme                           bool
}

var seedOrgs = []seedOrg{
	{"cqipc", "重庆工业职业技术学院", "Chongqing Industry Polytechnic College", "school", "", false},
	{"cqcet", "重庆电子工程职业学院", "Chongqing College of Electronic Engineering", "school", "", false},
	{"cqvct", "重庆交通职业学院", "Chongqing Vocational College of Transportation", "school", "", false},
	{"cqcmc", "重庆城市管理职业学院", "Chongqing City Management College", "school", "", false},
	{"cqvie", "重庆工程职业技术学院", "Chongqing Vocational Institute of Engineering", "school", "", false},
	{"cqust", "重庆科技大学", "Chongqing University of Science and Technology", "school", "", false},
	{"cqwren", "重庆水利电力职业技术学院", "Chongqing Water Resources and Electric Engineering College", "school", "", false},
	{"ycvec", "重庆市永川职业教育中心", "Chongqing Yongchuan Vocational Education Center", "school", "", false},
	{"ljpark", "两江新区智能网联新能源汽车产业园", "Liangjiang ICV and NEV Industrial Park", "park", "", false},
	{"ljdigital", "两江数字经济产业园", "Liangjiang Digital Economy Industrial Park", "park", "", false},
	{"wscity", "西部（重庆）科学城", "Western (Chongqing) Science City", "park", "", false},
	{"bshtz", "璧山高新技术产业开发区", "Bishan High-tech Industrial Development Zone", "park", "", false},
	{"xiyong", "西永微电子产业园区", "Xiyong Microelectronics Industrial Park", "park", "", false},
	{"ychtz", "永川高新技术产业开发区", "Yongchuan High-tech Industrial Development Zone", "park", "", false},
	{"icvri", "重庆市智能网联汽车技术研究院", "Chongqing ICV Technology Research Institute", "institute", "", false},
	{"smri", "重庆市智能制造技术研究院", "Chongqing Intelligent Manufacturing Technology Institute", "institute", "", false},
	{"lamri", "重庆市轻合金材料研究院", "Chongqing Light Alloy Materials Research Institute", "institute", "", false},
	{"ndri", "重庆新型显示技术研究院", "Chongqing New Display Technology Research Institute", "institute", "", false},
	{"yxzx", "重庆渝新智行汽车科技有限公司", "Chongqing Yuxin Zhixing Automotive Technology Co., Ltd.", "enterprise", "500112", false},
	{"ruineng", "重庆锐能动力电池科技有限公司", "Chongqing Ruineng Power Battery Technology Co., Ltd.", "enterprise", "500112", true},
	{"yuechi", "重庆悦驰电驱系统有限公司", "Chongqing Yuechi E-Drive Systems Co., Ltd.", "enterprise", "500109", true},
	{"shuyun", "重庆数韵软件有限公司", "Chongqing Shuyun Software Co., Ltd.", "enterprise", "500112", true},
	{"qianxing", "重庆千星信息技术有限公司", "Chongqing Qianxing Information Technology Co., Ltd.", "enterprise", "500105", true},
	{"zhizao", "重庆智造精工装备有限公司", "Chongqing Zhizao Precision Equipment Co., Ltd.", "enterprise", "500120", true},
	{"bsmould", "重庆璧山精工模具有限公司", "Chongqing Bishan Jinggong Mould Co., Ltd.", "enterprise", "500120", true},
	{"yulv", "重庆渝铝轻合金科技股份有限公司", "Chongqing Yulv Light Alloy Technology Co., Ltd.", "enterprise", "500107", false},
	{"fengchi", "重庆风驰摩托车零部件有限公司", "Chongqing Fengchi Motorcycle Parts Co., Ltd.", "enterprise", "500107", true},
	{"hejin", "重庆合金新材表面处理有限公司", "Chongqing Hejin Surface Treatment Co., Ltd.", "enterprise", "500104", true},
	{"xinping", "重庆芯屏光电科技有限公司", "Chongqing Xinping Optoelectronics Technology Co., Ltd.", "enterprise", "500106", true},
	{"weidian", "重庆微电智联电子有限公司", "Chongqing Weidian Zhilian Electronics Co., Ltd.", "enterprise", "500106", true},
	{"yongxiang", "重庆永香食品有限公司", "Chongqing Yongxiang Foods Co., Ltd.", "enterprise", "500118", true},
	{"kangyuan", "重庆康源生物医药科技有限公司", "Chongqing Kangyuan Biopharmaceutical Technology Co., Ltd.", "enterprise", "500118", true},
}

type seedConsortium struct {
	name, nameEn, level, lead, assetPrefix, description string
	members, clusters                                   []string
	facilities                                          [3]seedFacility // practice center, tech platform, training base
}

type seedFacility struct {
	name, nameEn, district, address string
	resources                       []seedResource
}

// seedResource is a resource; rules not set here come from its facility's defaults.
type seedResource struct {
	name, nameEn, category, cluster, model string
	capacity                               int
	approval                               bool
	qualification                          string
	rateIn, rateEx                         int64 // fen an hour
	specialized                            bool  // 800 quota hours a year instead of 1,400
	slot, minM, maxM, buffer               int   // 0: the facility's default
	maintenance                            bool
}
