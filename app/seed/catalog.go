package seed

import "cqshare/models"

// seedConsortia are the five demo consortia, one per level (the tracks of the league table).
var seedConsortia = []seedConsortium{{
	name: "重庆市智能网联新能源汽车产教联合体", nameEn: "Chongqing ICV and NEV Industry-Education Consortium",
	level: models.LevelNational, lead: "ljpark", assetPrefix: "CQNEV",
	description: "以两江新区智能网联新能源汽车产业园为牵头单位，联合职业院校、整车及零部件企业和科研院所共建的国家级市域产教联合体。",
	members:     []string{"cqipc", "cqvct", "icvri", "yxzx", "ruineng", "yuechi"},
	clusters:    []string{"icv_nev", "electronics", "new_energy_storage"},
	facilities: [3]seedFacility{{
		name: "两江智能网联新能源汽车开放型区域产教融合实践中心", nameEn: "Liangjiang ICV and NEV Open Practice Center",
		district: "两江新区", address: "重庆市两江新区金渝大道88号实训楼",
		resources: []seedResource{
			{name: "五轴联动加工中心", nameEn: "Five-axis Machining Center", category: "cnc", cluster: "smart_equipment", model: "DMG MORI DMU 50", capacity: 1, approval: true, qualification: "five_axis", rateIn: 25000, rateEx: 50000, specialized: true, slot: 60, minM: 60, maxM: 480, buffer: 30},
			{name: "光纤激光切割机", nameEn: "Fiber Laser Cutting Machine", category: "laser", cluster: "smart_equipment", model: "大族激光 G3015HF", capacity: 1, qualification: "laser_safety", rateIn: 15000, rateEx: 30000, buffer: 15},
			{name: "新能源汽车三电实训工位", nameEn: "NEV Battery, Motor and Control Training Stations", category: "workstation_pool", cluster: "icv_nev", model: "景格 JG-EV3000 教学台架", capacity: 24, rateEx: 2000},
			{name: "智能网联汽车线控底盘实训台", nameEn: "ICV Drive-by-wire Chassis Trainers", category: "workstation_pool", cluster: "icv_nev", model: "百度 Apollo D-KIT Lite", capacity: 8, rateIn: 1000, rateEx: 3000},
			{name: "汽车电子电气实验室", nameEn: "Automotive Electronics Lab", category: "electronics_lab", cluster: "electronics", capacity: 30, approval: true, rateEx: 20000},
			{name: "工业机器人实训工作站", nameEn: "Industrial Robot Training Stations", category: "workstation_pool", cluster: "smart_equipment", model: "ABB IRB 1200", capacity: 8, rateIn: 2000, rateEx: 5000},
		},
	}, {
		name: "新能源汽车动力电池共性技术服务平台", nameEn: "NEV Power Battery Technology Service Platform",
		district: "两江新区", address: "重庆市两江新区龙兴镇新能源汽车产业园C3栋",
		resources: []seedResource{
			{name: "电池充放电测试系统", nameEn: "Battery Charge-Discharge Test System", category: "ev_battery_test", cluster: "new_energy_storage", model: "新威 BTS-4000 5V100A", capacity: 8, approval: true, rateIn: 8000, rateEx: 16000, specialized: true},
			{name: "高低温湿热试验箱", nameEn: "Temperature and Humidity Test Chamber", category: "test_instrument", cluster: "new_energy_storage", model: "伟思富奇 WK3-1000/70", capacity: 1, approval: true, rateIn: 6000, rateEx: 12000},
			{name: "电池挤压针刺试验机", nameEn: "Battery Crush and Nail Penetration Tester", category: "ev_battery_test", cluster: "icv_nev", model: "苏试试验 BE-6045", capacity: 1, approval: true, qualification: "battery_safety", rateIn: 20000, rateEx: 40000, specialized: true},
			{name: "数字示波器", nameEn: "Digital Oscilloscope", category: "test_instrument", cluster: "electronics", model: "是德科技 Keysight DSOX4154A", capacity: 1, rateIn: 3000, rateEx: 6000, slot: 30, minM: 30},
			{name: "三坐标测量机", nameEn: "Coordinate Measuring Machine", category: "test_instrument", cluster: "icv_nev", model: "海克斯康 Hexagon GLOBAL S 9.15.8", capacity: 1, approval: true, rateIn: 12000, rateEx: 24000, specialized: true},
		},
	}, {
		name: "智能网联汽车示范性职工培训基地", nameEn: "ICV Demonstration Staff Training Base",
		district: "渝北区", address: "重庆市渝北区桃源大道1000号实训楼B座",
		resources: []seedResource{
			{name: "多媒体培训教室A201", nameEn: "Multimedia Training Room A201", category: "training_room", cluster: "icv_nev", capacity: 40, approval: true, rateEx: 20000},
			{name: "智能网联汽车实训室", nameEn: "ICV Training Lab", category: "training_room", cluster: "icv_nev", capacity: 30, approval: true, rateEx: 30000},
			{name: "高压电工作业实训台", nameEn: "High-voltage Electrical Work Training Benches", category: "workstation_pool", cluster: "new_energy_storage", model: "亚龙 YL-156A", capacity: 12, qualification: "electrician", rateEx: 3000},
		},
	}},
}, {
	name: "两江新区软件信息服务产教联合体", nameEn: "Liangjiang Software and Information Services Industry-Education Consortium",
	level: models.LevelMunicipal, lead: "ljdigital", assetPrefix: "LJSW",
	description: "面向软件和信息服务产业，由两江数字经济产业园牵头，院校与软件企业共建实训、测评与数字技能培训平台。",
	members:     []string{"cqcmc", "cqcet", "ndri", "shuyun", "qianxing"},
	clusters:    []string{"software", "new_display"},
	facilities: [3]seedFacility{{
		name: "两江数字经济产教融合实践中心", nameEn: "Liangjiang Digital Economy Practice Center",
		district: "两江新区", address: "重庆市两江新区礼嘉街道数字经济产业园A2栋",
		resources: []seedResource{
			{name: "软件开发实训工位", nameEn: "Software Development Workstations", category: "workstation_pool", cluster: "software", model: "联想 ThinkStation P360", capacity: 40, rateEx: 1500},
			{name: "AI训练服务器", nameEn: "AI Training Server", category: "computing", cluster: "software", model: "华为 Atlas 800 训练服务器", capacity: 1, approval: true, rateIn: 5000, rateEx: 20000, specialized: true, slot: 60, minM: 60, maxM: 1440},
			{name: "鸿蒙应用开发实训箱", nameEn: "HarmonyOS Development Kits", category: "workstation_pool", cluster: "software", model: "润和 HiHope DAYU200", capacity: 20, rateEx: 1000},
		},
	}, {
		name: "软件测评与信息安全共性技术服务平台", nameEn: "Software Testing and Information Security Service Platform",
		district: "两江新区", address: "重庆市两江新区互联网产业园8号楼",
		resources: []seedResource{
			{name: "软件测评实验室", nameEn: "Software Testing Lab", category: "software_test", cluster: "software", capacity: 1, approval: true, rateIn: 10000, rateEx: 30000},
			{name: "网络安全攻防靶场", nameEn: "Cyber Range", category: "software_test", cluster: "software", model: "奇安信 网络靶场平台", capacity: 1, approval: true, rateIn: 8000, rateEx: 25000},
			{name: "电磁兼容测试系统", nameEn: "EMC Test System", category: "test_instrument", cluster: "electronics", model: "罗德与施瓦茨 R&S ESW26", capacity: 1, approval: true, rateIn: 30000, rateEx: 60000, specialized: true},
		},
	}, {
		name: "两江数字技能示范性职工培训基地", nameEn: "Liangjiang Digital Skills Staff Training Base",
		district: "渝北区", address: "重庆市渝北区仙桃数据谷中路66号",
		resources: []seedResource{
			{name: "数字技能培训教室", nameEn: "Digital Skills Training Room", category: "training_room", cluster: "software", capacity: 45, approval: true, rateEx: 20000},
			{name: "计算机机房301", nameEn: "Computer Lab 301", category: "training_room", cluster: "software", capacity: 50, approval: true, rateEx: 25000},
			{name: "UI设计实训室", nameEn: "UI Design Studio", category: "training_room", cluster: "new_display", capacity: 30, rateEx: 15000},
		},
	}},
}, {
	name: "西部（重庆）科学城智能制造产教联合体", nameEn: "Western (Chongqing) Science City Intelligent Manufacturing Industry-Education Consortium",
	level: models.LevelParkLed, lead: "wscity", assetPrefix: "KXC",
	description: "由西部（重庆）科学城牵头，联合璧山高新区、高校与装备制造企业，服务智能装备及智能制造产业集群。",
	members:     []string{"bshtz", "cqust", "cqvie", "smri", "zhizao", "bsmould"},
	clusters:    []string{"smart_equipment", "advanced_materials", "electronics"},
	facilities: [3]seedFacility{{
		name: "科学城璧山智能制造实践中心", nameEn: "Science City Bishan Intelligent Manufacturing Practice Center",
		district: "璧山区", address: "重庆市璧山区璧泉街道剑山路18号",
		resources: []seedResource{
			{name: "数控车床", nameEn: "CNC Lathe", category: "cnc", cluster: "smart_equipment", model: "沈阳机床 i5T3.3", capacity: 1, rateIn: 8000, rateEx: 16000},
			{name: "立式加工中心", nameEn: "Vertical Machining Center", category: "cnc", cluster: "smart_equipment", model: "发那科 FANUC ROBODRILL α-D21MiB5", capacity: 1, rateIn: 10000, rateEx: 20000, buffer: 15},
			{name: "金属3D打印机", nameEn: "Metal 3D Printer", category: "3d_printing", cluster: "advanced_materials", model: "铂力特 BLT-S310", capacity: 1, approval: true, qualification: "metal_am", rateIn: 40000, rateEx: 80000, specialized: true, slot: 60, minM: 120, maxM: 1440, buffer: 60},
			{name: "桌面级3D打印工位", nameEn: "Desktop 3D Printing Stations", category: "3d_printing", cluster: "smart_equipment", model: "拓竹 Bambu Lab X1 Carbon", capacity: 10, rateIn: 500, rateEx: 1500},
			{name: "协作机器人实训工位", nameEn: "Collaborative Robot Stations", category: "workstation_pool", cluster: "smart_equipment", model: "优傲 UR5e", capacity: 6, rateIn: 2000, rateEx: 5000},
		},
	}, {
		name: "智能装备共性技术服务平台", nameEn: "Intelligent Equipment Technology Service Platform",
		district: "沙坪坝区", address: "重庆市沙坪坝区西永大道28号",
		resources: []seedResource{
			{name: "工业CT检测系统", nameEn: "Industrial CT System", category: "test_instrument", cluster: "advanced_materials", model: "蔡司 ZEISS METROTOM 1500", capacity: 1, approval: true, rateIn: 50000, rateEx: 100000, specialized: true},
			{name: "激光跟踪仪", nameEn: "Laser Tracker", category: "test_instrument", cluster: "smart_equipment", model: "徕卡 Leica Absolute Tracker AT960", capacity: 1, approval: true, rateIn: 15000, rateEx: 30000},
			{name: "电动振动试验台", nameEn: "Electrodynamic Vibration Test System", category: "test_instrument", cluster: "smart_equipment", model: "苏试试验 DC-3200-36", capacity: 1, approval: true, rateIn: 12000, rateEx: 24000, specialized: true},
		},
	}, {
		name: "科学城智能制造示范性职工培训基地", nameEn: "Science City Intelligent Manufacturing Staff Training Base",
		district: "九龙坡区", address: "重庆市九龙坡区含谷镇科城路9号",
		resources: []seedResource{
			{name: "数控编程机房", nameEn: "CNC Programming Lab", category: "training_room", cluster: "smart_equipment", capacity: 36, approval: true, rateEx: 20000},
			{name: "PLC控制实训工位", nameEn: "PLC Control Training Stations", category: "workstation_pool", cluster: "smart_equipment", model: "西门子 SIMATIC S7-1500", capacity: 16, qualification: "electrician", rateEx: 3000},
			{name: "钳工实训车间", nameEn: "Fitter Training Workshop", category: "training_room", cluster: "smart_equipment", capacity: 30, rateEx: 15000},
		},
	}},
}, {
	name: "渝铝轻合金材料产教联合体", nameEn: "Yulv Light Alloy Materials Industry-Education Consortium",
	level: models.LevelEnterpriseLed, lead: "yulv", assetPrefix: "YULV",
	description: "由重庆渝铝轻合金科技股份有限公司牵头，围绕轻合金材料、先进材料和高端摩托车零部件开展人才培养与技术服务。",
	members:     []string{"cqvie", "cqust", "lamri", "fengchi", "hejin"},
	clusters:    []string{"light_alloy", "advanced_materials", "motorcycle"},
	facilities: [3]seedFacility{{
		name: "轻合金成形加工实践中心", nameEn: "Light Alloy Forming and Machining Practice Center",
		district: "九龙坡区", address: "重庆市九龙坡区西彭镇铝城大道66号",
		resources: []seedResource{
			{name: "金相显微镜", nameEn: "Metallurgical Microscope", category: "test_instrument", cluster: "light_alloy", model: "蔡司 ZEISS Axio Imager.M2m", capacity: 1, rateIn: 3000, rateEx: 8000},
			{name: "铝合金压铸单元", nameEn: "Aluminium Die-casting Cell", category: "die_casting", cluster: "light_alloy", model: "力劲 DCC400", capacity: 1, approval: true, rateIn: 20000, rateEx: 40000, specialized: true, slot: 60, minM: 120, maxM: 480, buffer: 60},
			{name: "激光焊接机", nameEn: "Laser Welding Machine", category: "laser", cluster: "light_alloy", model: "大族激光 HW-M6000", capacity: 1, qualification: "laser_safety", rateIn: 12000, rateEx: 24000, buffer: 15},
			{name: "卧式加工中心", nameEn: "Horizontal Machining Center", category: "cnc", cluster: "motorcycle", model: "马扎克 MAZAK HCN-5000", capacity: 1, approval: true, rateIn: 15000, rateEx: 30000, slot: 60, minM: 60},
		},
	}, {
		name: "轻合金材料检测共性技术服务平台", nameEn: "Light Alloy Materials Testing Service Platform",
		district: "九龙坡区", address: "重庆市九龙坡区西彭工业园区检测中心",
		resources: []seedResource{
			{name: "万能材料试验机", nameEn: "Universal Testing Machine", category: "test_instrument", cluster: "light_alloy", model: "英斯特朗 Instron 5985", capacity: 1, approval: true, rateIn: 8000, rateEx: 20000},
			{name: "扫描电子显微镜", nameEn: "Scanning Electron Microscope", category: "test_instrument", cluster: "advanced_materials", model: "日立 Hitachi SU5000", capacity: 1, approval: true, qualification: "sem_operator", rateIn: 30000, rateEx: 60000, specialized: true},
			{name: "直读光谱仪", nameEn: "Optical Emission Spectrometer", category: "test_instrument", cluster: "light_alloy", model: "斯派克 SPECTRO SPECTROMAXx", capacity: 1, rateIn: 5000, rateEx: 12000},
			{name: "摩托车发动机测功机台架", nameEn: "Motorcycle Engine Dynamometer", category: "test_instrument", cluster: "motorcycle", model: "湘仪 CW160", capacity: 1, approval: true, rateIn: 15000, rateEx: 30000, specialized: true, maintenance: true},
		},
	}, {
		name: "渝铝示范性职工培训基地", nameEn: "Yulv Demonstration Staff Training Base",
		district: "大渡口区", address: "重庆市大渡口区建桥工业园B区12号",
		resources: []seedResource{
			{name: "焊接实训工位", nameEn: "Welding Training Booths", category: "workstation_pool", cluster: "light_alloy", model: "松下 YD-350GR3", capacity: 20, qualification: "welding", rateEx: 4000},
			{name: "职工培训教室", nameEn: "Staff Training Room", category: "training_room", cluster: "light_alloy", capacity: 50, approval: true, rateEx: 20000},
		},
	}},
}, {
	name: "重庆电子工程职业学院新一代电子信息产教联合体", nameEn: "CQCET New-generation Electronic Information Industry-Education Consortium",
	level: models.LevelSchoolLed, lead: "cqcet", assetPrefix: "CQCET",
	description: "由重庆电子工程职业学院牵头，联合西永微电子产业园、永川高新区与电子信息企业，开展实践教学、检验检测与职工培训。",
	members:     []string{"xiyong", "ychtz", "cqwren", "ycvec", "ndri", "xinping", "weidian", "yongxiang", "kangyuan"},
	clusters:    []string{"electronics", "new_display", "software", "food_agri", "biomedicine", "light_textile"},
	facilities: [3]seedFacility{{
		name: "电子信息产教融合实践中心", nameEn: "Electronic Information Practice Center",
		district: "沙坪坝区", address: "重庆市沙坪坝区大学城东路76号",
		resources: []seedResource{
			{name: "SMT贴片生产线", nameEn: "SMT Assembly Line", category: "smt_line", cluster: "electronics", model: "松下 NPM-D3A", capacity: 1, approval: true, rateIn: 20000, rateEx: 40000, specialized: true, slot: 60, minM: 120},
			{name: "电子装调实训工位", nameEn: "Electronics Assembly Workstations", category: "electronics_lab", cluster: "electronics", capacity: 40, rateEx: 1500},
			{name: "嵌入式开发实训工位", nameEn: "Embedded Development Workstations", category: "workstation_pool", cluster: "electronics", model: "正点原子 STM32MP157 开发板", capacity: 30, rateEx: 1500},
			{name: "频谱分析仪", nameEn: "Spectrum Analyzer", category: "test_instrument", cluster: "electronics", model: "是德科技 Keysight N9020B MXA", capacity: 1, rateIn: 5000, rateEx: 10000},
		},
	}, {
		name: "永川检验检测共性技术服务平台", nameEn: "Yongchuan Testing and Inspection Service Platform",
		district: "永川区", address: "重庆市永川区凤凰湖工业园区检验检测大楼",
		resources: []seedResource{
			{name: "显示屏光学测试系统", nameEn: "Display Optical Measurement System", category: "test_instrument", cluster: "new_display", model: "柯尼卡美能达 Konica Minolta CA-410", capacity: 1, approval: true, rateIn: 6000, rateEx: 15000},
			{name: "高效液相色谱仪", nameEn: "High Performance Liquid Chromatograph", category: "test_instrument", cluster: "biomedicine", model: "安捷伦 Agilent 1260 Infinity II", capacity: 1, approval: true, rateIn: 8000, rateEx: 20000, specialized: true},
			{name: "食品安全快检实验室", nameEn: "Food Safety Rapid Testing Lab", category: "food_lab", cluster: "food_agri", capacity: 6, approval: true, rateIn: 2000, rateEx: 6000},
			{name: "纺织品色牢度测试仪", nameEn: "Textile Colour Fastness Tester", category: "test_instrument", cluster: "light_textile", model: "大荣纺织 Y(B)571-III", capacity: 1, rateIn: 2000, rateEx: 5000},
		},
	}, {
		name: "永川电子信息示范性职工培训基地", nameEn: "Yongchuan Electronic Information Staff Training Base",
		district: "永川区", address: "重庆市永川区红河大道319号",
		resources: []seedResource{
			{name: "电子信息培训教室", nameEn: "Electronic Information Training Room", category: "training_room", cluster: "electronics", capacity: 45, approval: true, rateEx: 20000},
			{name: "电工实训工位", nameEn: "Electrician Training Stations", category: "workstation_pool", cluster: "electronics", model: "天煌 THPFSL-2", capacity: 24, qualification: "electrician", rateEx: 3000},
			{name: "无人机装调实训室", nameEn: "Drone Assembly Lab", category: "training_room", cluster: "electronics", capacity: 20, rateEx: 15000},
		},
	}},
}}
