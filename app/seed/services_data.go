package seed

import "cqshare/models"

// seedOffering is a service a tech platform publishes; resources are the English names of the
// platform's equipment it uses, request is what an SME typically asks for it (title and
// description).
type seedOffering struct {
	name, nameEn, description, cluster string
	basis                              models.PriceBasis
	priceFen                           int64
	turnaround, responseHours          int
	requirements                       string
	resources                          []string
	title, ask                         string
}

// seedPlatformServices is what each tech platform offers, in the order of the consortia, and
// the free-form requests SMEs send it outside its catalogue.
var seedPlatformServices = []struct {
	offerings []seedOffering
	freeForm  [][2]string // title, description
}{{
	offerings: []seedOffering{
		{"动力电池循环寿命测试", "Power Battery Cycle Life Test",
			"按 GB/T 31484 对单体电池或模组进行充放电循环寿命测试，输出容量衰减曲线与内阻变化。", "new_energy_storage",
			models.PricePerSample, 180000, 20, 8, "提供电芯或模组样品（每组不少于 3 只）及规格书，注明额定容量与充放电截止电压。",
			[]string{"Battery Charge-Discharge Test System"}, "磷酸铁锂电芯循环寿命测试", "新款 280Ah 储能电芯需做 1C/1C 循环寿命摸底，先跑 500 次。"},
		{"电池安全滥用试验（挤压/针刺）", "Battery Abuse Safety Test (Crush and Nail Penetration)",
			"依据 GB 38031 进行挤压、针刺等滥用试验，全程高速摄像与温度电压记录，出具检测报告。", "icv_nev",
			models.PricePerSample, 350000, 7, 8, "提供满电态样品不少于 2 只、样品安全数据表（MSDS）及运输鉴定报告。",
			[]string{"Battery Crush and Nail Penetration Tester"}, "三元软包电芯针刺试验", "客户送样前需要第三方针刺数据，样品为 NCM811 软包电芯。"},
		{"高低温湿热环境试验", "Temperature and Humidity Environmental Test",
			"-70℃～150℃ 高低温、恒定湿热与温度循环试验，适用于电池包、电控及汽车电子零部件。", "new_energy_storage",
			models.PricePerHour, 12000, 5, 4, "提供样品及试验条件（温度、湿度、时长、是否通电），需通电的请自带工装与线束。",
			[]string{"Temperature and Humidity Test Chamber", "Digital Oscilloscope"}, "BMS 控制板高低温试验", "BMS 从控板需做 -40℃～85℃ 温度循环 48 小时，带电监测。"},
		{"三坐标测量", "Coordinate Measuring Machine Inspection",
			"对电池壳体、模组支架等结构件进行尺寸与形位公差检测，出具检测报告与色差图。", "icv_nev",
			models.PriceFixed, 80000, 3, 8, "提供零件样品、二维图纸或三维模型及需检测的尺寸清单。",
			[]string{"Coordinate Measuring Machine"}, "电池托盘关键尺寸检测", "铝合金电池托盘首件，需检测安装孔位置度与平面度。"},
		{"电池管理系统测试方案咨询", "BMS Test Plan Consulting",
			"根据产品定位与目标市场，梳理 BMS 功能安全与性能测试项目，给出测试大纲与认证路径建议。", "new_energy_storage",
			models.PriceByQuote, 0, 10, 16, "提供产品说明书、系统框图及目标认证标准。",
			nil, "储能 BMS 测试大纲咨询", "计划出口欧洲的工商业储能产品，需要一份 BMS 测试大纲与认证路径建议。"},
	},
	freeForm: [][2]string{
		{"电机控制器 EMC 整改建议", "电机控制器辐射发射超标约 6dB，希望平台专家帮忙分析并给出整改方向。"},
		{"退役电池梯次利用检测方案", "公司计划回收一批退役动力电池用于低速车，想了解需要哪些检测及费用。"},
	},
}, {
	offerings: []seedOffering{
		{"软件产品登记测试", "Software Product Registration Test",
			"依据 GB/T 25000.51 进行功能性、易用性与文档检查，出具可用于软件产品登记的测试报告。", "software",
			models.PriceFixed, 600000, 15, 8, "提供安装包、用户手册、需求规格说明及测试环境账号。",
			[]string{"Software Testing Lab"}, "ERP 系统登记测试", "公司自研的制造业 ERP 系统申请软件产品登记，需要测试报告。"},
		{"渗透测试与安全评估", "Penetration Testing and Security Assessment",
			"对 Web 应用、App 及内网进行授权渗透测试，提交漏洞清单、风险等级与修复建议，并提供复测。", "software",
			models.PriceByQuote, 0, 10, 8, "签署授权书，提供测试范围（域名、IP、App 版本）与测试时间窗口。",
			[]string{"Cyber Range", "Software Testing Lab"}, "小程序商城渗透测试", "新上线的小程序商城及后台管理系统，上线前需要做一次渗透测试。"},
		{"电磁兼容预测试", "EMC Pre-compliance Test",
			"辐射发射、传导发射等 EMC 预测试，帮助企业在正式认证前发现并整改问题。", "electronics",
			models.PricePerHour, 60000, 3, 4, "提供样机 2 台、电源适配器及工作模式说明，必要时带调试人员到场。",
			[]string{"EMC Test System"}, "车载中控屏 EMC 预测试", "车载中控屏准备送 CNAS 实验室前，先做辐射发射和传导发射摸底。"},
		{"等级保护差距分析", "Cybersecurity Classified Protection Gap Analysis",
			"对照网络安全等级保护 2.0 三级要求，开展差距分析并给出整改方案，为正式测评做准备。", "software",
			models.PriceFixed, 1500000, 20, 16, "提供系统拓扑图、资产清单及现有安全管理制度。",
			[]string{"Cyber Range"}, "SaaS 平台等保三级差距分析", "SaaS 平台客户要求等保三级，先做差距分析再安排正式测评。"},
	},
	freeForm: [][2]string{
		{"开源组件许可证合规审查", "产品中使用了较多开源组件，希望做一次许可证合规审查，避免出口风险。"},
	},
}, {
	offerings: []seedOffering{
		{"工业CT无损检测", "Industrial CT Non-destructive Testing",
			"对铸件、焊接件及复合材料进行工业 CT 扫描，检测内部气孔、裂纹、夹杂并测量壁厚。", "advanced_materials",
			models.PricePerSample, 250000, 5, 8, "提供样品（最大尺寸 500mm×1000mm、重量不超过 50kg）及关注部位说明。",
			[]string{"Industrial CT System"}, "压铸壳体内部气孔检测", "新能源电驱压铸壳体，需要 CT 扫描判定内部气孔等级。"},
		{"工业CT逆向建模", "Industrial CT Reverse Modelling",
			"基于 CT 扫描点云重建三维模型，输出 STL/STEP 数据及与设计模型的比对报告，可用于样件 3D 打印。", "smart_equipment",
			models.PriceByQuote, 0, 7, 16, "提供实物样件，说明所需数据格式与精度要求。",
			[]string{"Industrial CT System"}, "老型号齿轮箱壳体逆向建模", "原厂图纸遗失，需要对齿轮箱壳体逆向建模并输出 STEP 数据。"},
		{"大尺寸几何精度测量", "Large-scale Geometric Measurement",
			"采用激光跟踪仪对机床、工装夹具及大型结构件进行几何精度测量与装配校准，可上门服务。", "smart_equipment",
			models.PricePerHour, 30000, 3, 8, "提供被测对象图纸、测量项目及现场条件（上门测量需提前确认场地）。",
			[]string{"Laser Tracker"}, "焊装夹具精度复测", "白车身焊装夹具年度精度复测，共 6 套夹具。"},
		{"振动与冲击试验", "Vibration and Shock Test",
			"正弦、随机振动及冲击试验，适用于汽车电子、摩托车零部件及包装件运输试验。", "smart_equipment",
			models.PricePerHour, 24000, 5, 4, "提供样品、试验条件（频率范围、量级、方向、时长）及安装夹具或图纸。",
			[]string{"Electrodynamic Vibration Test System"}, "电机控制器随机振动试验", "电机控制器按 GB/T 28046.3 做三轴随机振动，每轴 8 小时。"},
		{"装配工艺咨询", "Assembly Process Consulting",
			"围绕精密装配的工艺路线、夹具设计与检测方案提供咨询，派工程师现场诊断。", "smart_equipment",
			models.PriceByQuote, 0, 10, 16, "提供产品图纸、现有工艺文件及问题描述。",
			nil, "减速器装配一致性改进咨询", "RV 减速器装配后回差一致性差，想请专家诊断装配工艺。"},
	},
	freeForm: [][2]string{
		{"数控机床热变形补偿方案", "加工中心连续加工 3 小时后尺寸漂移约 0.02mm，希望平台给出测量与补偿方案。"},
	},
}, {
	offerings: []seedOffering{
		{"金属材料拉伸试验", "Metallic Materials Tensile Test",
			"依据 GB/T 228.1 测定抗拉强度、屈服强度、断后伸长率等力学性能，可做高温拉伸。", "light_alloy",
			models.PricePerSample, 30000, 3, 8, "按标准加工试样或提供原材料由平台代加工（另收费），注明材料牌号与状态。",
			[]string{"Universal Testing Machine"}, "6061-T6 型材拉伸性能检测", "新供应商的 6061-T6 挤压型材来料检验，需要拉伸性能数据。"},
		{"扫描电镜形貌与能谱分析", "SEM Morphology and EDS Analysis",
			"扫描电镜观察断口、表面形貌及显微组织，配合能谱进行微区成分分析。", "advanced_materials",
			models.PricePerHour, 60000, 5, 8, "提供干燥、无磁性的样品（不大于 50mm×50mm×20mm），说明观察部位与放大倍数要求。",
			[]string{"Scanning Electron Microscope"}, "铝合金断口形貌分析", "摩托车轮毂台架试验断裂，需要看断口形貌判断断裂类型。"},
		{"合金成分光谱分析", "Alloy Composition Spectral Analysis",
			"直读光谱仪测定铝、镁、铁基合金中主量及微量元素含量，判定是否符合牌号要求。", "light_alloy",
			models.PricePerSample, 20000, 2, 4, "提供平整截面不小于 20mm×20mm 的块状样品，注明预期牌号。",
			[]string{"Optical Emission Spectrometer"}, "A356 铝锭成分复检", "一批 A356 铝锭成分疑似超标，需要光谱复检。"},
		{"压铸件失效分析", "Die Casting Failure Analysis",
			"结合宏观检查、成分分析、力学性能与断口分析查找压铸件失效原因，给出改进建议。", "light_alloy",
			models.PriceByQuote, 0, 15, 16, "提供失效件、同批次未失效件及使用工况说明。",
			[]string{"Scanning Electron Microscope", "Optical Emission Spectrometer", "Universal Testing Machine"}, "减震器支架断裂失效分析", "减震器铝合金支架在路试中断裂，需要查明原因。"},
		{"中性盐雾试验", "Neutral Salt Spray Test",
			"依据 GB/T 10125 进行中性盐雾试验，评价阳极氧化、电镀及涂层的耐腐蚀性能（试验箱不对外预约）。", "light_alloy",
			models.PricePerHour, 1500, 10, 8, "提供样品不少于 3 件，注明涂层类型、试验时长与评级方法。",
			nil, "阳极氧化件 240 小时盐雾试验", "客户要求阳极氧化铝件通过 240 小时中性盐雾，需要检测报告。"},
	},
	freeForm: [][2]string{
		{"镁合金压铸工艺参数优化", "镁合金笔记本外壳压铸冷隔缺陷较多，希望平台协助优化工艺参数。"},
	},
}, {
	offerings: []seedOffering{
		{"显示模组光学性能检测", "Display Module Optical Performance Test",
			"测量亮度、色度、均匀性、对比度与 Gamma 曲线，适用于 LCD、OLED 及 Mini LED 显示模组。", "new_display",
			models.PricePerSample, 50000, 3, 8, "提供样品及驱动板、点屏程序，说明测试画面与测点要求。",
			[]string{"Display Optical Measurement System"}, "车载显示屏亮度均匀性测试", "12.3 英寸车载显示屏，客户要求提供 9 点亮度均匀性与色度数据。"},
		{"药品及保健食品含量测定", "Drug and Health Food Assay",
			"高效液相色谱法测定原料药、制剂及保健食品中有效成分含量与有关物质。", "biomedicine",
			models.PricePerSample, 80000, 7, 8, "提供样品（不少于 3 个最小包装）、质量标准及对照品信息。",
			[]string{"High Performance Liquid Chromatograph"}, "保健食品功效成分含量测定", "新研发的葛根保健饮品，需要测定葛根素含量用于备案。"},
		{"食品安全快速检测", "Food Safety Rapid Testing",
			"农药残留、兽药残留、非法添加物及重金属快速筛查，当日出具筛查结果。", "food_agri",
			models.PriceFixed, 30000, 1, 4, "提供样品不少于 500g，冷链样品需保温送达。",
			[]string{"Food Safety Rapid Testing Lab"}, "火锅底料原料快检", "一批辣椒与花椒原料入库前需做农残和苏丹红快速筛查。"},
		{"纺织品色牢度检测", "Textile Colour Fastness Test",
			"耐摩擦、耐水洗、耐汗渍色牢度检测，依据 GB/T 3920、GB/T 3921 等标准评级。", "light_textile",
			models.PricePerSample, 15000, 3, 8, "提供面料样品不少于 1 米或成衣 2 件，注明检测项目。",
			[]string{"Textile Colour Fastness Tester"}, "工装面料色牢度检测", "定制工装面料，客户验收要求耐摩擦和耐水洗色牢度 4 级以上。"},
		{"食品标签与配方合规咨询", "Food Label and Formula Compliance Consulting",
			"对照 GB 7718、GB 28050 等标准审核预包装食品标签与配方，给出修改意见。", "food_agri",
			models.PriceByQuote, 0, 5, 16, "提供标签设计稿、配料表及产品执行标准。",
			nil, "新品标签合规审核", "三款新品酸辣粉的包装标签上市前需要合规审核。"},
	},
	freeForm: [][2]string{
		{"预制菜保质期验证方案", "计划推出冷藏预制菜，想请平台设计保质期验证方案并报价。"},
	},
}}

// seedStepNotes are the notes of the transitions that carry one.
var seedStepNotes = struct {
	reject, decline, cancel, revision []string
	deliver                           []string
}{
	reject:   []string{"该项目超出本平台资质范围，建议联系具有 CMA 资质的第三方检测机构。", "样品不满足送检要求且无法补充，暂不受理。"},
	decline:  []string{"预算有限，已选择其他检测机构。", "项目延期，暂不需要。"},
	cancel:   []string{"项目计划调整，暂不需要。", "客户需求变更，撤回申请。"},
	revision: []string{"报告中样品编号与送检单不一致，请更正后重新出具。", "请补充原始数据曲线。"},
	deliver:  []string{"检测完成，报告已出具，结论：所检项目符合要求。", "已完成全部测试，报告及原始数据已上传。", "工作完成，附测试报告与改进建议。"},
}

// seedMessages are the lines of the threads: the SME's and the platform's.
var seedMessages = struct {
	smeSubmit, smeAnswer, smeDiscount, smeThanks []string
	askDetails, onQuote, onStart, onDeliver      []string
	onReject                                     string
}{
	smeSubmit:   []string{"样品已寄出，顺丰单号 SF1402876531，请注意查收。", "需求已提交，样品可随时送到平台。", "附件为图纸和技术要求，有问题随时联系。"},
	smeAnswer:   []string{"材料牌号和执行标准已补充在附件里，麻烦尽快安排。", "好的，明天上午安排人送样。", "测试条件按我们企业标准，具体参数见补充说明。"},
	smeDiscount: []string{"报价有点超出预算，后续还有几批样品，能否按批量给个优惠？"},
	smeThanks:   []string{"收到报告，谢谢！", "报告已收到，数据很详细。", "收到，辛苦了。"},
	askDetails:  []string{"您好，需求已收到。请补充样品材料牌号和执行标准，以便我们报价。", "您好，请确认样品数量和送样时间。", "您好，请问测试条件是否有企业标准？"},
	onQuote:     []string{"报价已发出，请在有效期内确认。", "已按批量价格调整报价，请查看。", "报价含报告费，如需加急可另行协商。"},
	onStart:     []string{"样品已上机，预计按期出具报告。", "已开始测试，过程数据会同步更新。"},
	onDeliver:   []string{"报告已上传，纸质版随样品一并寄回。", "工作已完成，请查收报告并确认。"},
	onReject:    "您好，经评估该需求暂无法承接，具体原因见处理意见。",
}
