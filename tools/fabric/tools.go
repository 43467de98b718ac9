//go:build tools

// Package tools records the Fabric commands the devnet builds, so that `go mod tidy` keeps every module they
// need in go.sum. scripts/fabric-tools.sh builds them with `go build`.
package tools

import (
	_ "github.com/hyperledger/fabric/cmd/configtxgen"
	_ "github.com/hyperledger/fabric/cmd/cryptogen"
	_ "github.com/hyperledger/fabric/cmd/orderer"
	_ "github.com/hyperledger/fabric/cmd/osnadmin"
	_ "github.com/hyperledger/fabric/cmd/peer"
)
