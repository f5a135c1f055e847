package models

import "context"

// Tiers of the industry clusters of Chongqing's 33618 system.
const (
	TierTrillion           = "trillion"             // 万亿级主导产业集群
	TierFiveHundredBillion = "five_hundred_billion" // 五千亿级支柱产业集群
	TierHundredBillion     = "hundred_billion"      // 千亿级特色优势产业集群
)

// ClusterTiers lists every tier, largest first.
var ClusterTiers = []string{TierTrillion, TierFiveHundredBillion, TierHundredBillion}

// ListClusters lists every industry cluster in display order.
func (d *DB) ListClusters(ctx context.Context) ([]IndustryCluster, error) {
	var out []IndustryCluster
	err := d.R(ctx).Order("sort_order, id").Find(&out).Error
	return out, err
}

// ClusterByID loads an industry cluster.
func (d *DB) ClusterByID(ctx context.Context, id int64) (IndustryCluster, error) {
	return first[IndustryCluster](d.R(ctx), id)
}

// ClusterByCode loads an industry cluster by its code.
func (d *DB) ClusterByCode(ctx context.Context, code string) (IndustryCluster, error) {
	return first[IndustryCluster](d.R(ctx).Where("code = ?", code))
}

// ClustersByCodes loads the industry clusters with the codes; unknown codes are left out.
func (d *DB) ClustersByCodes(ctx context.Context, codes []string) ([]IndustryCluster, error) {
	var out []IndustryCluster
	if len(codes) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("code IN ?", codes).Order("sort_order, id").Find(&out).Error
	return out, err
}
